package app.openly.journal.claims;

import app.openly.events.Feeling;
import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.journal.JournalTestInfrastructure;
import app.openly.journal.domain.EntryContent;
import app.openly.journal.domain.EntryDraft;
import app.openly.journal.domain.EntryWriteStore;
import app.openly.journal.domain.JournalEntry;
import app.openly.journal.domain.JournalService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionRequiredException;
import jakarta.transaction.TransactionalException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A new entry's statements go over plain JDBC on the datasource's connection, not through Hibernate (issue 17): they
 * must still be one transaction with everything else the write does. The person's lock is held by the very connection
 * Hibernate uses in that transaction, and a transaction that fails after the write leaves no entry, no Idempotency-Key,
 * no spent budget and no event behind.
 */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class OneTransactionPerWriteTest {

    @Inject
    JournalService journal;
    @Inject
    EntryWriteStore writes;
    @Inject
    EntityManager em;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void theLockIsHeldByTheConnectionHibernateUsesInTheSameTransaction() {
        String user = "one-tx-lock-" + UUID.randomUUID();
        long held = QuarkusTransaction.requiringNew().call(() -> {
            writes.lockPerson(user);
            return ((Number) em.createNativeQuery("select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted")
                    .getSingleResult()).longValue();
        });
        assertEquals(1, held, "Hibernate's connection in this transaction holds the lock taken over JDBC");
    }

    /**
     * The store's statements carry no {@code @Transactional(MANDATORY)} any more (one interceptor per statement on
     * POST /entries, issue 17); they check for the transaction themselves and refuse as the annotation did, before any
     * statement is sent: outside a transaction each one would commit alone.
     */
    @Test
    void theStoreRefusesEveryStatementOutsideATransaction() throws Exception {
        String user = "one-tx-outside-" + UUID.randomUUID();
        List<Runnable> statements = List.of(
                () -> writes.lockPerson(user),
                () -> writes.lockAndRead(user, "key-1"),
                () -> writes.read(user, "key-1"),
                () -> writes.findWriteAllowance(user),
                () -> writes.saveWriteAllowance(user, 1.0, java.time.Instant.now()),
                () -> writes.writeNewEntry(new JournalEntry(), new EntryWriteStore.StoredBudget(1.0, java.time.Instant.now()), "key-1",
                        new byte[32], "journal.entry-events", null));
        for (Runnable statement : statements) {
            TransactionalException refused = assertThrows(TransactionalException.class, statement::run);
            assertInstanceOf(TransactionRequiredException.class, refused.getCause());
        }
        assertEquals(0, count("select count(*) from write_allowance where user_id = ?", user));
        assertEquals(0, count("select count(*) from idempotency_key where user_id = ?", user));
        // Inside one, the same calls go through (the refusals above are the check, not a broken store).
        QuarkusTransaction.requiringNew().run(() -> {
            writes.lockPerson(user);
            writes.saveWriteAllowance(user, 1.0, java.time.Instant.now());
        });
        assertEquals(1, count("select count(*) from write_allowance where user_id = ?", user));
    }

    @Test
    void aWriteWhoseTransactionFailsLeavesNothing() throws Exception {
        String user = "one-tx-rollback-" + UUID.randomUUID();
        EntryDraft draft = new EntryDraft(Practice.HONEST_SENTENCE, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5), ZoneId.of("Europe/Berlin"),
                Feeling.values()[0], new PracticeMetrics(3, true, null, null, null, null, null, null, null, null, null, null),
                null, new EntryContent("I said what I meant", null, null, null, null, null, null, null, null), false);
        RuntimeException failure = new RuntimeException("fails after the write, in the same transaction");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            journal.record(user, null, draft, "key-1", new byte[32]);
            throw failure;
        }));
        assertEquals(failure, thrown);
        for (String table : List.of("journal_entry", "idempotency_key", "write_allowance", "person_key")) {
            assertEquals(0, count("select count(*) from " + table + " where user_id = ?", user), table);
        }
        assertEquals(0, count("select count(*) from outbox_event where message_key = ?", user), "outbox_event");

        // The same write committed leaves each row once: the counts above could not be zero by accident.
        QuarkusTransaction.requiringNew().run(() -> journal.record(user, null, draft, "key-1", new byte[32]));
        for (String table : List.of("journal_entry", "idempotency_key", "write_allowance", "person_key")) {
            assertEquals(1, count("select count(*) from " + table + " where user_id = ?", user), table);
        }
    }

    private long count(String sql, String user) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, user);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
