package app.openly.platform.outbox;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes events to the transactional outbox, inside the caller's transaction: the event exists
 * if and only if the state change it announces was committed.
 */
@ApplicationScoped
public class Outbox {

    /** Key of the transaction-scoped set of people locked so far. */
    private static final Object LOCKED_PEOPLE = Outbox.class.getName() + ".lockedPeople";

    @Inject
    EntityManager em;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    OutboxRelay relay;

    /**
     * Adds {@code event} for {@code topic}, keyed by the event's user id.
     * <p>
     * Takes a per-person transaction lock first, so one person's transactions that write events
     * commit one after the other: outbox ids then follow commit order per person, and the relay,
     * which publishes in id order, keeps each person's events in commit order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String topic, EventEnvelope event) {
        lockPerson(event.userId());
        em.createNativeQuery("insert into outbox_event (event_id, topic, message_key, event_type, payload) "
                        + "values (:eventId, :topic, :key, :type, :payload)")
                .setParameter("eventId", event.eventId())
                .setParameter("topic", topic)
                .setParameter("key", event.userId())
                .setParameter("type", event.type())
                .setParameter("payload", EventJson.encode(event))
                .executeUpdate();
        wakeRelayAfterCommit();
    }

    /**
     * Adds many events for {@code topic} in two round trips instead of two per event: the per-person
     * locks of {@link #add} in one statement, in person order (so two batches cannot wait on each
     * other), then one JDBC batch of inserts. For jobs that emit a burst, such as due reminders.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addAll(String topic, java.util.List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return;
        }
        String[] people = events.stream().map(EventEnvelope::userId).distinct().sorted().toArray(String[]::new);
        lockedInThisTransaction().addAll(java.util.List.of(people));
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (var lock = connection.prepareStatement(
                    "select count(pg_advisory_xact_lock(hashtextextended(k, 7))) from (select unnest(?::text[]) as k order by 1) people")) {
                lock.setArray(1, connection.createArrayOf("text", people));
                lock.executeQuery().close();
            }
            try (var insert = connection.prepareStatement(INSERT_EVENT)) {
                for (EventEnvelope event : events) {
                    bindEvent(insert, 1, topic, event);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
        wakeRelayAfterCommit();
    }

    /** {@link #add}'s insert and {@link #lockPerson}'s lock as plain JDBC statements (for {@link #bindInto} and {@link #bindLockInto}). */
    public static final String INSERT_EVENT = "insert into outbox_event (event_id, topic, message_key, event_type, payload) values (?, ?, ?, ?, ?)";
    public static final String LOCK_PERSON = "select pg_advisory_xact_lock(hashtextextended(?, 7))";

    /**
     * {@link #add} for a write path that sends its statements over plain JDBC on {@code connection}, the caller's
     * transaction's own (the datasource's connection inside it), and never opens the Hibernate session (journal's
     * POST /entries, issue 17), with the event's {@link #INSERT_EVENT} as one part of the caller's multi-statement
     * {@code statement} (statements joined by ";", which the PostgreSQL driver sends in one round trip). Binds the
     * insert's parameters from {@code firstParameter} on, after taking the same lock as {@link #add} (no statement for a
     * person this transaction already locked), and wakes the relay after commit. The caller then executes
     * {@code statement}; if that fails, the transaction rolls back and nothing is woken. Unlike {@link #add} nothing is
     * flushed first, so the caller must have no pending entity changes that have to reach the database before the event.
     *
     * @return the index of the next parameter after the event's
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int bindInto(Connection connection, PreparedStatement statement, int firstParameter, String topic, EventEnvelope event)
            throws SQLException {
        lockPerson(connection, event.userId());
        int next = bindEvent(statement, firstParameter, topic, event);
        wakeRelayAfterCommit();
        return next;
    }

    /** {@link #INSERT_EVENT}'s parameters, one event, from {@code first} on; returns the next index. */
    private static int bindEvent(PreparedStatement insert, int first, String topic, EventEnvelope event) throws SQLException {
        int i = first;
        insert.setObject(i++, event.eventId());
        insert.setString(i++, topic);
        insert.setString(i++, event.userId());
        insert.setString(i++, event.type());
        insert.setBytes(i++, EventJson.encode(event));
        return i;
    }

    /** {@link #lockPerson} on {@code connection}, the caller's transaction's own (see {@link #bindInto}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockPerson(Connection connection, String userId) throws SQLException {
        if (!lockedInThisTransaction().add(userId)) {
            return;
        }
        try (PreparedStatement lock = connection.prepareStatement(LOCK_PERSON)) {
            lock.setString(1, userId);
            lock.executeQuery().close();
        }
    }

    /**
     * {@link #lockPerson(Connection, String)} for a caller that sends {@link #LOCK_PERSON} as the first part of its own
     * multi-statement (one round trip with the reads that must follow the lock; journal's POST /entries, issue 17): binds
     * the lock's parameter at {@code at} and records the person as locked in this transaction, so a later
     * {@link #add}/{@link #bindInto} sends no second lock. The caller then executes {@code statement}; if that fails, the
     * transaction cannot commit. (Sent twice in one transaction, the lock is simply held twice: PostgreSQL's advisory
     * locks are re-entrant within a session.)
     *
     * @return the index of the next parameter
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int bindLockInto(PreparedStatement statement, int at, String userId) throws SQLException {
        lockedInThisTransaction().add(userId);
        statement.setString(at, userId);
        return at + 1;
    }

    private void wakeRelayAfterCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
    }

    /** Drops a person's unpublished events (erasure then adds {@code UserErased}, which supersedes them). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int discardPendingOf(String userId) {
        return em.createNativeQuery("delete from outbox_event where message_key = :key")
                .setParameter("key", userId)
                .executeUpdate();
    }

    /**
     * Serializes one person's writing transactions (re-entrant within a transaction). A person already locked in this
     * transaction costs no second round trip: a write locks its person first and then adds its event, which locked
     * again (one statement of ten per POST /entries, issue 17).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockPerson(String userId) {
        if (!lockedInThisTransaction().add(userId)) {
            return;
        }
        em.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(:key, 7))")
                .setParameter("key", userId)
                .getSingleResult();
    }

    /** The people whose lock this transaction holds (transaction-scoped advisory locks go with its end). */
    @SuppressWarnings("unchecked")
    private java.util.Set<String> lockedInThisTransaction() {
        var locked = (java.util.Set<String>) transactions.getResource(LOCKED_PEOPLE);
        if (locked == null) {
            locked = new java.util.HashSet<>();
            transactions.putResource(LOCKED_PEOPLE, locked);
        }
        return locked;
    }
}
