package app.openly.testsupport.contract;

import app.openly.platform.messaging.LedgerRetention;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The idempotency ledger's retention in every service, on the service's own database: its migration created the BRIN
 * index the job's scan and re-summarizing expect (platform's LedgerRetentionTest covers the job itself), and the job,
 * with the service's configuration and clock, deletes what is older than the retention and keeps the rest. A
 * service's test class extends this one and is annotated {@code @QuarkusTest} with its test infrastructure.
 */
public abstract class LedgerRetentionContract {

    @Inject
    protected LedgerRetention retention;
    @Inject
    protected AgroalDataSource dataSource;

    @Test
    void theServicesMigrationCreatedTheIndexTheJobExpects() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select am.amname, pg_get_indexdef(i.oid), i.reloptions::text from pg_class i join pg_am am on am.oid = i.relam "
                        + "join pg_index x on x.indexrelid = i.oid where i.relname = ? and x.indrelid = 'processed_event'::regclass")) {
            ps.setString(1, LedgerRetention.BRIN_INDEX);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no index " + LedgerRetention.BRIN_INDEX + " on processed_event");
                assertEquals("brin", rs.getString(1));
                assertTrue(rs.getString(2).endsWith("(processed_at) WITH (pages_per_range='" + LedgerRetention.PAGES_PER_RANGE
                        + "', autosummarize='on')"), rs.getString(2));
            }
        }
    }

    @Test
    void theJobDeletesWhatIsOlderThanTheRetentionAndKeepsTheRest() throws SQLException {
        String consumer = "retention-contract-" + UUID.randomUUID();
        Instant cutoff = retention.cutoff();
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        insert(consumer, old, cutoff.minus(Duration.ofDays(1)));
        insert(consumer, recent, cutoff.plus(Duration.ofDays(1)));

        assertTrue(retention.deleteExpired().deleted() >= 1);

        assertEquals(0, rows(old), "older than the retention: deleted");
        assertEquals(1, rows(recent), "inside it: kept");
    }

    private void insert(String consumer, UUID eventId, Instant processedAt) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into processed_event (consumer, event_id, processed_at) values (?, ?, ?)")) {
            ps.setString(1, consumer);
            ps.setObject(2, eventId);
            ps.setTimestamp(3, Timestamp.from(processedAt));
            ps.executeUpdate();
        }
    }

    private int rows(UUID eventId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from processed_event where event_id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
