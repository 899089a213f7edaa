package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.platform.durability.ProxiedDatabase;
import app.openly.testsupport.SharedInfrastructure;
import app.openly.testsupport.TestClock;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestMetrics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The idempotency ledger's retention on real PostgreSQL (and, for the consumer's view, real Kafka): rows older than the
 * retention go, rows inside it stay and still make a redelivered event a no-op, the batches run to the end, the cutoff
 * is the injected clock's, and the BRIN index's page ranges describe the surviving rows again after a run.
 * Batches of 100 here (platform's test application.properties), 5,000 by default.
 */
@QuarkusTest
@WithTestResource(ProxiedDatabase.class) // the platform tests' one application (see DurabilityTest)
class LedgerRetentionTest {

    private static final Duration RETENTION = Duration.ofDays(42);

    @Inject
    LedgerRetention retention;
    @Inject
    ProcessedEvents processedEvents;
    @Inject
    TestClock clock;
    @Inject
    app.openly.platform.outbox.Outbox outbox;

    private Instant now;
    private String consumer;

    @BeforeEach
    void fixTheClock() throws Exception {
        // Whole seconds: processed_at round-trips through timestamptz (microseconds) without surprises.
        now = TestClock.runningNow().truncatedTo(ChronoUnit.SECONDS);
        clock.set(now);
        consumer = "retention-test-" + UUID.randomUUID();
        retention.deleteExpired(); // whatever earlier tests left beyond the cutoff, so the counts below are this test's
    }

    @AfterEach
    void releaseTheClock() {
        clock.reset();
    }

    @Test
    void rowsOlderThanTheRetentionGoInBatchesAndRowsInsideItStay() throws Exception {
        assertEquals(RETENTION, Duration.between(retention.cutoff(), now), "the configured default: 42 days");
        insert(consumer, 250, now.minus(RETENTION).minusSeconds(1));      // just outside the window
        insert(consumer, 100, now.minus(Duration.ofDays(400)));            // long forgotten
        insert(consumer, 40, now.minus(RETENTION));                        // exactly at the cutoff: kept
        insert(consumer, 60, now.minus(Duration.ofDays(1)));               // recent
        double counted = TestMetrics.value("openly_processed_events_deleted_total");

        LedgerRetention.Run run = retention.deleteExpired();

        assertEquals(350, run.deleted());
        assertEquals(5, run.batches(), "three full batches of 100, a short one, and an empty one that ends the run");
        assertEquals(100, rows(consumer), "the rows processed at or after the cutoff");
        assertEquals(0, rowsBefore(consumer, now.minus(RETENTION)));
        assertEquals(counted + 350, TestMetrics.value("openly_processed_events_deleted_total"));
        assertEquals(0, retention.deleteExpired().deleted(), "a second run finds nothing (as a replica running it at once would)");
    }

    @Test
    void twoReplicasRunningItAtOnceDeleteEachRowOnce() throws Exception {
        insert(consumer, 2_000, now.minus(Duration.ofDays(50)));
        insert(consumer, 50, now.minus(Duration.ofDays(2)));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.Callable<LedgerRetention.Run> replica = () -> {
                start.await();
                return retention.deleteExpired();
            };
            var first = pool.submit(replica);
            var second = pool.submit(replica);
            start.countDown();
            // No error from either (a row the other deleted first is skipped, not waited on forever), every old row
            // deleted exactly once between them.
            assertEquals(2_000, first.get().deleted() + second.get().deleted());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, rows(consumer));
    }

    @Test
    void theCutoffFollowsTheInjectedClock() throws Exception {
        insert(consumer, 30, now.minus(Duration.ofDays(41)));
        assertEquals(0, retention.deleteExpired().deleted());
        assertEquals(30, rows(consumer));

        clock.set(now.plus(Duration.ofDays(1)).plusSeconds(1)); // the rows are now 42 days and a second old
        // (at least: rows earlier tests of this class left 41 days back from their own "now" go with them)
        assertTrue(retention.deleteExpired().deleted() >= 30);
        assertEquals(0, rows(consumer));
    }

    @Test
    void anEventProcessedAgainInsideTheWindowIsStillSkipped() throws Exception {
        UUID recent = UUID.randomUUID();
        UUID old = UUID.randomUUID();
        insert(consumer, recent, now.minus(Duration.ofDays(41)));
        insert(consumer, old, now.minus(Duration.ofDays(43)));

        retention.deleteExpired();

        Set<UUID> fresh = QuarkusTransaction.requiringNew().call(() -> processedEvents.firstTimes(consumer, List.of(recent, old)));
        // Inside the window the ledger still remembers; beyond it Kafka holds no record that could bring the event back.
        assertEquals(Set.of(old), fresh);
    }

    @Test
    void theConsumerStillSkipsARedeliveryAfterTheJobRan() throws Exception {
        // The real path: the relay publishes, the shared consumer applies, the job runs, the same event comes again.
        EventEnvelope event = TestEvents.recorded("ledger-" + UUID.randomUUID(), Practice.BODY_ANCHOR,
                LocalDateTime.of(2026, 11, 30, 21, 40), "Europe/Berlin");
        QuarkusTransaction.requiringNew().run(() -> outbox.add(Topics.JOURNAL_ENTRY_EVENTS, event));
        await().atMost(Duration.ofSeconds(60)).until(() -> applications(event.eventId()) == 1);
        // The clock as far ahead as the row allows: it was processed a moment ago by the database's clock.
        clock.set(processedAt(event.eventId()).plus(RETENTION).minusSeconds(60));
        retention.deleteExpired();
        assertEquals(1, ledgerRows(event.eventId()), "inside the window: kept");

        double duplicates = TestMetrics.value("openly_entry_events_total", "outcome", "duplicate");
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, event);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestMetrics.value("openly_entry_events_total", "outcome", "duplicate") >= duplicates + 1);
        assertEquals(1, applications(event.eventId()), "redelivered inside the window: applied once");
    }

    @Test
    void pagesReusedAfterARunAreNotScannedForOldRowsAgain() throws Exception {
        // Old rows fill pages; the job deletes them; vacuum frees the pages; recent rows reuse them. BRIN summaries
        // only widen, so without the job's re-summarizing those ranges would keep the deleted rows' minimum and every
        // later run would read them again. With it, a scan for rows older than the cutoff reads no page at all.
        insert(consumer, 20_000, now.minus(Duration.ofDays(100)));
        Set<Long> oldBlocks = blocks(consumer);
        summarizeNewRanges(); // what autosummarize (or autovacuum) does in a service once a range is full
        assertEquals(20_000, retention.deleteExpired().deleted());
        try (Connection c = direct(); Statement s = c.createStatement()) {
            s.execute("vacuum processed_event");
        }
        insert(consumer, 20_000, now.minus(Duration.ofDays(1)));
        summarizeNewRanges();
        Set<Long> reused = blocks(consumer);
        reused.retainAll(oldBlocks);
        assertTrue(reused.size() > oldBlocks.size() / 2, "the recent rows went into the pages the old ones left: "
                + reused.size() + " of " + oldBlocks.size());

        try (Connection c = direct(); Statement s = c.createStatement()) {
            s.execute("set enable_seqscan = off");
            s.execute("set enable_indexscan = off"); // the BRIN bitmap scan, as the job's statement uses it
            String plan;
            try (PreparedStatement ps = c.prepareStatement("explain (analyze, format json) select count(*) from processed_event where processed_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(retention.cutoff()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    plan = rs.getString(1);
                }
            }
            assertTrue(plan.contains(LedgerRetention.BRIN_INDEX), plan);
            assertEquals(0, number(plan, "Lossy Heap Blocks") + number(plan, "Exact Heap Blocks"),
                    "no heap page read for rows older than the cutoff: " + plan);
        }
    }

    private static void summarizeNewRanges() throws Exception {
        try (Connection c = direct(); Statement s = c.createStatement()) {
            s.execute("select brin_summarize_new_values('" + LedgerRetention.BRIN_INDEX + "')");
        }
    }

    private static Set<Long> blocks(String consumer) throws Exception {
        Set<Long> blocks = new java.util.HashSet<>();
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement(
                "select distinct (ctid::text::point)[0]::bigint from processed_event where consumer = ?")) {
            ps.setString(1, consumer);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blocks.add(rs.getLong(1));
                }
            }
        }
        return blocks;
    }

    private static long number(String plan, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": (\\d+)").matcher(plan);
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    private static void insert(String consumer, int count, Instant processedAt) throws Exception {
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement(
                "insert into processed_event (consumer, event_id, processed_at) select ?, gen_random_uuid(), ? from generate_series(1, ?)")) {
            ps.setString(1, consumer);
            ps.setTimestamp(2, Timestamp.from(processedAt));
            ps.setInt(3, count);
            ps.executeUpdate();
        }
    }

    private static void insert(String consumer, UUID eventId, Instant processedAt) throws Exception {
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement(
                "insert into processed_event (consumer, event_id, processed_at) values (?, ?, ?)")) {
            ps.setString(1, consumer);
            ps.setObject(2, eventId);
            ps.setTimestamp(3, Timestamp.from(processedAt));
            ps.executeUpdate();
        }
    }

    private static int rows(String consumer) throws Exception {
        return count("select count(*) from processed_event where consumer = ?", consumer);
    }

    private static int rowsBefore(String consumer, Instant before) throws Exception {
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from processed_event where consumer = ? and processed_at < ?")) {
            ps.setString(1, consumer);
            ps.setTimestamp(2, Timestamp.from(before));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int applications(UUID eventId) throws Exception {
        return count("select count(*) from test_effect where event_id = ?", eventId);
    }

    private static int ledgerRows(UUID eventId) throws Exception {
        return count("select count(*) from processed_event where event_id = ?", eventId);
    }

    private static Instant processedAt(UUID eventId) throws Exception {
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement("select processed_at from processed_event where event_id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private static int count(String sql, Object parameter) throws Exception {
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Connection direct() throws Exception {
        var db = SharedInfrastructure.database("platform");
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }
}
