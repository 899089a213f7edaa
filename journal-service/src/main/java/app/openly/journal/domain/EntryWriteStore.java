package app.openly.journal.domain;

import app.openly.events.EventEnvelope;
import app.openly.platform.outbox.Outbox;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionRequiredException;
import jakarta.transaction.TransactionalException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * The statements of a new entry's write (the person's lock, the entry, its Idempotency-Key, the person's write budget,
 * its event in the outbox), as plain JDBC on the transaction's own connection. Why not the entities: on
 * POST /entries, Hibernate's entity lifecycle (persistence context, insert actions, flush, dirty checking, enhancement
 * tracking, bean validation of the entity) was 30 % of journal-service's CPU samples for five statements (issue 17,
 * JFR under 32 clients); the same statements sent directly cost a fraction of that. And why not Hibernate's session at
 * all (its native queries, {@code doWork}): opening, flushing and closing a session per request was still ~20 % of the
 * samples with nothing in it to manage. The connection is the datasource's inside the JTA transaction: Agroal hands
 * every caller in one transaction the same enlisted connection (Hibernate's too, where a write uses entities, such as
 * a shared ritual entry's announcement), so lock, rows and event commit or roll back together. Same statements, same
 * order, the event last. Reading entries, revising and deleting stay with the entities.
 * <p>
 * The bench's copy of these statements ({@code local-stack JournalWriteTransaction}) is checked against this source
 * by {@code JournalWriteTransactionTest}: change one, change both.
 */
@ApplicationScoped
public class EntryWriteStore {

    static final String FIND_IDEMPOTENCY_KEY = "select request_hash, entry_id from idempotency_key where user_id = ? and key = ?";
    static final String FIND_WRITE_ALLOWANCE = "select tokens, refilled_at from write_allowance where user_id = ?";
    static final String UPSERT_WRITE_ALLOWANCE = "insert into write_allowance (user_id, tokens, refilled_at) values (?, ?, ?) "
            + "on conflict (user_id) do update set tokens = excluded.tokens, refilled_at = excluded.refilled_at";
    static final String INSERT_ENTRY = "insert into journal_entry (id, user_id, practice, occurred_at, time_zone, local_date, local_time, version, "
            + "feeling, metrics, themes, text_lengths, content, created_at, updated_at, shared_pair_id, ritual_night) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_IDEMPOTENCY_KEY = "insert into idempotency_key (user_id, key, request_hash, entry_id, created_at) values (?, ?, ?, ?, ?)";

    /** A stored Idempotency-Key: the hash of the body it came with and the entry it recorded. */
    public record StoredKey(byte[] requestHash, UUID entryId) {
    }

    /** A person's stored write budget. */
    public record StoredBudget(double tokens, Instant refilledAt) {
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Outbox outbox;
    @Inject
    TransactionManager transactions;

    /** The person's lock (platform {@link Outbox#lockPerson(Connection, String)}; re-entrant within the transaction). */
    public void lockPerson(String userId) {
        work(c -> outbox.lockPerson(c, userId));
    }

    /** The write's event, in the outbox (platform {@link Outbox#add(Connection, String, EventEnvelope)}). */
    public void addEvent(String topic, EventEnvelope event) {
        work(c -> outbox.add(c, topic, event));
    }

    public Optional<StoredKey> findIdempotencyKey(String userId, String idempotencyKey) {
        return query(FIND_IDEMPOTENCY_KEY, p -> {
            p.setString(1, userId);
            p.setString(2, idempotencyKey);
        }, r -> new StoredKey(r.getBytes(1), r.getObject(2, UUID.class)));
    }

    public Optional<StoredBudget> findWriteAllowance(String userId) {
        return query(FIND_WRITE_ALLOWANCE, p -> p.setString(1, userId), r -> new StoredBudget(r.getDouble(1), r.getTimestamp(2).toInstant()));
    }

    /** Inserts or replaces the person's budget (called under the person's lock, so read-then-write cannot race). */
    public void saveWriteAllowance(String userId, double tokens, Instant refilledAt) {
        update(UPSERT_WRITE_ALLOWANCE, p -> {
            p.setString(1, userId);
            p.setDouble(2, tokens);
            p.setObject(3, refilledAt.atOffset(ZoneOffset.UTC));
        });
    }

    /** Inserts a new entry (every mapped column of {@link JournalEntry}); the object stays unmanaged. */
    public void insert(JournalEntry e) {
        work(c -> {
            try (PreparedStatement p = c.prepareStatement(INSERT_ENTRY)) {
                int i = 1;
                p.setObject(i++, e.id);
                p.setString(i++, e.userId);
                p.setString(i++, e.practice.name());
                p.setObject(i++, e.occurredAt.atOffset(ZoneOffset.UTC));
                p.setString(i++, e.timeZone);
                p.setObject(i++, e.localDate);
                p.setObject(i++, e.localTime);
                p.setLong(i++, e.version);
                p.setString(i++, e.feeling == null ? null : e.feeling.name());
                p.setObject(i++, e.metrics, Types.OTHER); // jsonb: typed by the server, as Hibernate sends it
                p.setArray(i++, c.createArrayOf("text", e.themes));
                p.setObject(i++, e.textLengths, Types.OTHER);
                p.setBytes(i++, e.content);
                p.setObject(i++, e.createdAt.atOffset(ZoneOffset.UTC));
                p.setObject(i++, e.updatedAt.atOffset(ZoneOffset.UTC));
                p.setObject(i++, e.sharedPairId, Types.OTHER);
                p.setObject(i, e.ritualNight, Types.DATE);
                p.executeUpdate();
            }
        });
    }

    public void insertIdempotencyKey(String userId, String idempotencyKey, byte[] requestHash, UUID entryId, Instant createdAt) {
        update(INSERT_IDEMPOTENCY_KEY, p -> {
            p.setString(1, userId);
            p.setString(2, idempotencyKey);
            p.setBytes(3, requestHash);
            p.setObject(4, entryId);
            p.setObject(5, createdAt.atOffset(ZoneOffset.UTC));
        });
    }

    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet r) throws SQLException;
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    /** The connection of this transaction (Agroal's enlisted one: the same for every caller in the transaction). */
    private void work(Work work) {
        requireTransaction();
        try (Connection c = dataSource.getConnection()) {
            work.run(c);
        } catch (SQLException e) {
            throw new WriteFailed(e);
        }
    }

    /** A statement of the write failed (the transaction rolls back); the message is the driver's, never a value bound. */
    public static final class WriteFailed extends RuntimeException {
        WriteFailed(SQLException cause) {
            super("journal write failed: " + cause.getSQLState(), cause);
        }
    }

    /**
     * What {@code @Transactional(MANDATORY)} on each method guaranteed, checked directly: every statement here runs inside
     * the caller's transaction (outside one, the datasource would hand out an auto-commit connection and each statement
     * would commit alone). Why not the annotation: on POST /entries its interceptor ran once per statement (Arc's
     * invocation context plus Narayana's annotation lookups, ~15 interceptions per write with the layers above; issue 17),
     * and this check is one thread-local lookup. Same exception as the annotation's.
     */
    private void requireTransaction() {
        try {
            if (transactions.getStatus() == Status.STATUS_NO_TRANSACTION) {
                throw new TransactionalException("journal's write statements run only inside the write's transaction",
                        new TransactionRequiredException());
            }
        } catch (SystemException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, Binder binder) {
        work(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                binder.bind(p);
                p.executeUpdate();
            }
        });
    }

    private <T> Optional<T> query(String sql, Binder binder, Reader<T> reader) {
        requireTransaction();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            binder.bind(p);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(reader.read(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new WriteFailed(e);
        }
    }
}
