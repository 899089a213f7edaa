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
 * A new entry's statements go to the server as two multi-statements: the person's lock with the two reads the write
 * decides on ({@link #lockAndRead}), then its four writes — budget, entry, Idempotency-Key, event ({@link #writeNewEntry}).
 * The PostgreSQL driver sends the parts of a statement joined by ";" with one Sync, so each costs one round trip, and the
 * server still runs the parts one after the other, each as it ran alone (a failing part stops the rest, and the
 * transaction rolls back). With the data-key read and the commit: 4 round trips per POST where there were 9 (issue 17).
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
    /**
     * The person's lock (platform Outbox's), then what a new entry's write decides on: the Idempotency-Key's earlier use
     * and the person's budget, in one round trip ({@link #lockAndRead}). Three statements, not one: PostgreSQL takes a
     * statement's snapshot when the statement starts, so only reads that start after the lock is granted see what the
     * lock's previous holder committed; the server runs the parts one after the other, so they do.
     */
    static final String LOCK_AND_READ_WITH_KEY = String.join(";\n", Outbox.LOCK_PERSON, FIND_IDEMPOTENCY_KEY, FIND_WRITE_ALLOWANCE);
    /** The same when the request sent no Idempotency-Key. */
    static final String LOCK_AND_READ = String.join(";\n", Outbox.LOCK_PERSON, FIND_WRITE_ALLOWANCE);
    /** The reads alone, for a write whose locks are taken already (a shared ritual entry locks both partners first). */
    static final String READ_WITH_KEY = String.join(";\n", FIND_IDEMPOTENCY_KEY, FIND_WRITE_ALLOWANCE);
    /** A new entry's writes in one round trip: budget, entry, and its event last. */
    static final String WRITE_NEW_ENTRY = String.join(";\n", UPSERT_WRITE_ALLOWANCE, INSERT_ENTRY, Outbox.INSERT_EVENT);
    /** The same with the Idempotency-Key the request sent, stored after the entry it names. */
    static final String WRITE_NEW_ENTRY_WITH_KEY = String.join(";\n", UPSERT_WRITE_ALLOWANCE, INSERT_ENTRY, INSERT_IDEMPOTENCY_KEY, Outbox.INSERT_EVENT);

    /** A stored Idempotency-Key: the hash of the body it came with and the entry it recorded. */
    public record StoredKey(byte[] requestHash, UUID entryId) {
    }

    /** A person's stored write budget. */
    public record StoredBudget(double tokens, Instant refilledAt) {
    }

    /** What a new entry's write decides on, read under the person's lock: the Idempotency-Key's earlier use, the budget. */
    public record Reads(Optional<StoredKey> idempotencyKey, Optional<StoredBudget> budget) {
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

    /**
     * Locks the person (platform {@link Outbox#bindLockInto}) and reads what a new entry's write decides on, in one round
     * trip ({@link #LOCK_AND_READ_WITH_KEY}); no key lookup when the request sent no key.
     */
    public Reads lockAndRead(String userId, String idempotencyKey) {
        return reads(idempotencyKey == null ? LOCK_AND_READ : LOCK_AND_READ_WITH_KEY, true, userId, idempotencyKey);
    }

    /** {@link #lockAndRead} without the lock, for a write that has taken its locks already (a shared ritual entry). */
    public Reads read(String userId, String idempotencyKey) {
        return reads(idempotencyKey == null ? FIND_WRITE_ALLOWANCE : READ_WITH_KEY, false, userId, idempotencyKey);
    }

    /** One of the reads' statements: the lock's part first when {@code locking}, the key lookup when a key was sent, the budget. */
    private Reads reads(String sql, boolean locking, String userId, String idempotencyKey) {
        requireTransaction();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            int at = locking ? outbox.bindLockInto(p, 1, userId) : 1;
            if (idempotencyKey != null) {
                p.setString(at++, userId);
                p.setString(at++, idempotencyKey);
            }
            p.setString(at, userId);
            boolean resultSet = p.execute();
            if (locking) {
                resultSet = p.getMoreResults(); // past the lock's own result (a void)
            }
            Optional<StoredKey> key = Optional.empty();
            if (idempotencyKey != null) {
                key = current(p, resultSet, EntryWriteStore::storedKey);
                resultSet = p.getMoreResults();
            }
            return new Reads(key, current(p, resultSet, EntryWriteStore::storedBudget));
        } catch (SQLException e) {
            throw new WriteFailed(e);
        }
    }

    /** The row of the part whose result is current, if it found one. */
    private static <T> Optional<T> current(PreparedStatement p, boolean resultSet, Reader<T> reader) throws SQLException {
        if (!resultSet) {
            throw new IllegalStateException("a new entry's reads ended before each of their parts answered");
        }
        try (ResultSet r = p.getResultSet()) {
            return r.next() ? Optional.of(reader.read(r)) : Optional.empty();
        }
    }

    private static StoredKey storedKey(ResultSet r) throws SQLException {
        return new StoredKey(r.getBytes(1), r.getObject(2, UUID.class));
    }

    private static StoredBudget storedBudget(ResultSet r) throws SQLException {
        return new StoredBudget(r.getDouble(1), r.getTimestamp(2).toInstant());
    }

    public Optional<StoredBudget> findWriteAllowance(String userId) {
        return query(FIND_WRITE_ALLOWANCE, p -> p.setString(1, userId), EntryWriteStore::storedBudget);
    }

    /** Inserts or replaces the person's budget (called under the person's lock, so read-then-write cannot race). */
    public void saveWriteAllowance(String userId, double tokens, Instant refilledAt) {
        update(UPSERT_WRITE_ALLOWANCE, p -> bindBudget(p, 1, userId, new StoredBudget(tokens, refilledAt)));
    }

    /**
     * A new entry's writes, in one round trip ({@link #WRITE_NEW_ENTRY}): the person's budget as this write left it
     * (read and decided under the person's lock, {@link WriteBudget#take}), the entry (every mapped column of
     * {@link JournalEntry}; the object stays unmanaged), its Idempotency-Key when the request sent one, and its event in
     * the outbox (platform {@link Outbox#bindInto}: the person's lock, the row, the relay's wake-up after commit).
     */
    public void writeNewEntry(JournalEntry entry, StoredBudget budgetAfter, String idempotencyKey, byte[] requestHash, String topic,
                              EventEnvelope event) {
        work(c -> {
            try (PreparedStatement p = c.prepareStatement(idempotencyKey == null ? WRITE_NEW_ENTRY : WRITE_NEW_ENTRY_WITH_KEY)) {
                int next = bindBudget(p, 1, entry.userId, budgetAfter);
                next = bindEntry(c, p, next, entry);
                if (idempotencyKey != null) {
                    next = bindIdempotencyKey(p, next, entry.userId, idempotencyKey, requestHash, entry.id, entry.createdAt);
                }
                outbox.bindInto(c, p, next, topic, event);
                requireOneRowEach(p, idempotencyKey == null ? 3 : 4);
            }
        });
    }

    /**
     * Executes a multi-statement write and checks that each of its {@code parts} wrote exactly one row (every part is an
     * insert or an upsert of one row: anything else means the statement is not the one this code meant to send).
     */
    private static void requireOneRowEach(PreparedStatement p, int parts) throws SQLException {
        boolean resultSet = p.execute();
        int seen = 0;
        while (resultSet || p.getUpdateCount() != -1) {
            if (resultSet || p.getUpdateCount() != 1) {
                throw new IllegalStateException("part " + (seen + 1) + " of a new entry's write did not write one row");
            }
            seen++;
            resultSet = p.getMoreResults();
        }
        if (seen != parts) {
            throw new IllegalStateException("a new entry's write ran " + seen + " parts, not " + parts);
        }
    }

    /** {@link #UPSERT_WRITE_ALLOWANCE}'s parameters from {@code at} on; returns the next index. */
    private static int bindBudget(PreparedStatement p, int at, String userId, StoredBudget budget) throws SQLException {
        p.setString(at++, userId);
        p.setDouble(at++, budget.tokens());
        p.setObject(at++, budget.refilledAt().atOffset(ZoneOffset.UTC));
        return at;
    }

    /** {@link #INSERT_ENTRY}'s parameters from {@code at} on; returns the next index. */
    private static int bindEntry(Connection c, PreparedStatement p, int at, JournalEntry e) throws SQLException {
        int i = at;
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
        p.setObject(i++, e.ritualNight, Types.DATE);
        return i;
    }

    /** {@link #INSERT_IDEMPOTENCY_KEY}'s parameters from {@code at} on; returns the next index. */
    private static int bindIdempotencyKey(PreparedStatement p, int at, String userId, String key, byte[] requestHash, UUID entryId,
                                          Instant createdAt) throws SQLException {
        p.setString(at++, userId);
        p.setString(at++, key);
        p.setBytes(at++, requestHash);
        p.setObject(at++, entryId);
        p.setObject(at++, createdAt.atOffset(ZoneOffset.UTC));
        return at;
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
