package app.openly.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line printed under a measured run: PostgreSQL's WAL and checkpoints during it. */
class WalActivityTest {

    @TempDir
    static Path serverDir;
    private static EmbeddedPostgres pg;
    private static String url;

    @Test
    void perUnitFiguresAndCheckpointsEnded() {
        var before = new WalActivity(100, 10_000_000, 4, 70, "0/100");
        var after = new WalActivity(370, 10_000_000 + 6_963_200, 4, 71, "0/200");
        assertEquals("WAL 6.8 kB per entry (0.27 full-page images per entry, up to 32 % of the bytes); checkpoints ended: 1 "
                + "(requested, not timed: 1)", WalActivity.describe(before, after, 1_000, "entry"));
        assertEquals("WAL 6.8 kB per tx (0.27 full-page images per tx, up to 32 % of the bytes); checkpoints ended: 0",
                WalActivity.describe(new WalActivity(0, 0, 4, 70, "0/100"), new WalActivity(270, 6_963_200, 4, 70, "0/200"), 1_000, "tx"));
    }

    @Test
    void fullPageImagesPerUnitMostFirstThenTheRest() {
        List<WalByRelation.Share> shares = List.of(new WalByRelation.Share("reminder", "processed_event_pkey", 1_300, 1_000),
                new WalByRelation.Share("journal", "journal_entry_pkey", 1_100, 500),
                new WalByRelation.Share("insights", "weekly_theme", 9_000, 250),
                new WalByRelation.Share("journal", "outbox_event", 3_000, 0));
        assertEquals(List.of("full-page images per entry by relation (pg_walinspect; blocks changed per entry in brackets):",
                "  processed_event_pkey (reminder)           1.00  (1.30)",
                "  journal_entry_pkey (journal)              0.50  (1.10)",
                "  the other relations                       0.25"), WalByRelation.describe(shares, 1_000, "entry", 2));
        assertEquals(4, WalByRelation.describe(shares, 1_000, "entry", 8).size(), "a relation with no image is left out");
        assertEquals(List.of(), WalByRelation.describe(shares.subList(3, 4), 1_000, "entry", 8));
    }

    @Test
    void missingSamplesLeaveTheLineOut() {
        var sample = new WalActivity(1, 1, 1, 1, "0/1");
        assertNull(WalActivity.describe(null, sample, 10, "entry"));
        assertNull(WalActivity.describe(sample, null, 10, "entry"));
        assertNull(WalActivity.describe(sample, sample, 0, "entry"));
        assertNull(WalActivity.sample("jdbc:postgresql://localhost:1/nowhere"));
    }

    /** One local server for the tests below, as the stack has it: the superuser's password set, the bench's role. */
    @BeforeAll
    static void startServer() throws Exception {
        pg = LocalPostgres.builder(serverDir.resolve("pg"), LocalPostgresTest.freePort()).start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("alter role postgres password 'postgres'"); // as LocalSetup's stack has it
            s.execute("create role openly login password 'openly'");
        }
        url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
    }

    @AfterAll
    static void stopServer() throws Exception {
        pg.close();
    }

    /** On a real server, as the bench's role: writes after a checkpoint log whole pages, and the checkpoint is counted. */
    @Test
    void aRealServersCountersSeeTheCheckpointAndItsFullPageImages() throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table written (id int primary key, filler text)");
            s.execute("insert into written select g, repeat('x', 200) from generate_series(1, 2000) g");
            WalActivity before = WalActivity.sample(url);
            assertNotNull(before, "readable by a role without privileges");
            s.execute("checkpoint");
            s.execute("update written set filler = repeat('y', 200)");
            s.execute("select pg_stat_force_next_flush()"); // an idle session would report its WAL figures only ~10 s later
            WalActivity after = awaitCheckpointCounted(before, true);
            assertTrue(after.fullPageImages() > before.fullPageImages(), "pages changed after the checkpoint are logged whole");
            assertTrue(after.bytes() > before.bytes());
            String line = WalActivity.describe(before, after, 2_000, "row");
            assertTrue(line.endsWith("checkpoints ended: 1 (requested, not timed: 1)"), line);
        }
    }

    /**
     * Whose pages a stretch of WAL logged whole, read back from the WAL: after a checkpoint, 400 keys inserted all over
     * one index's key range log most of its leaf pages whole, while 400 keys appended after another index's largest
     * key touch one or two. (What random UUID keys against time-ordered ones do to a primary key.) As the bench's role
     * the reading is refused, and the bench says so.
     */
    @Test
    void fullPageImagesAreAttributedToTheRelationsWhosePagesTheyAre() throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("spread", "appended")) {
                s.execute("create table " + table + " (id int primary key)");
                s.execute("insert into " + table + " select g * 10 from generate_series(1, 40000) g");
            }
            s.execute("checkpoint");
            String from = WalActivity.sample(url).position();
            s.execute("insert into spread select g * 1000 - 5 from generate_series(1, 400) g");
            s.execute("insert into appended select 400000 + g from generate_series(1, 400) g");
            String to = WalActivity.sample(url).position();
            List<WalByRelation.Share> shares = WalByRelation.shares(url, from, to);
            WalByRelation.Share spread = share(shares, "spread_pkey");
            WalByRelation.Share appended = share(shares, "appended_pkey");
            assertEquals("postgres", spread.database());
            assertEquals(shares.get(0), spread, "most images first: " + shares);
            assertTrue(spread.images() >= 90, "most of the ~110 leaf pages logged whole: " + spread);
            assertTrue(appended.images() <= 3, "the rightmost leaf page and the few it splits into: " + appended);
            assertTrue(spread.blocks() >= 400 && appended.blocks() >= 400, "each insert changed a block of each: " + shares);
        }
        String here = WalActivity.sample(url).position();
        var refused = assertThrows(SQLException.class, () -> WalByRelation.shares(here, here,
                database -> DriverManager.getConnection(WalByRelation.withDatabase(url, database), "openly", "openly")));
        assertNotNull(refused.getSQLState());
    }

    private static WalByRelation.Share share(List<WalByRelation.Share> shares, String relation) {
        return shares.stream().filter(x -> x.relation().equals(relation)).findFirst().orElseThrow(() -> new AssertionError(relation + " in " + shares));
    }

    /** The bench's checkpoint before each measured run, as the local stack's superuser; a clear line when it cannot. */
    @Test
    void aCheckpointBeforeEachMeasuredRun() throws Exception {
        WalActivity before = WalActivity.sample(url);
        String line = BenchConditions.checkpoint(url);
        assertTrue(line.startsWith("a checkpoint right before it ("), line);
        assertEquals(before.requestedCheckpoints() + 1, awaitCheckpointCounted(before, false).requestedCheckpoints());
        assertTrue(BenchConditions.checkpoint("jdbc:postgresql://localhost:1/nowhere").startsWith("no checkpoint before it"));
    }

    /**
     * The counters once the checkpointer has reported (just after it tells CHECKPOINT it is done) and, with
     * {@code images}, once full-page images show too; at most 5 s.
     */
    private static WalActivity awaitCheckpointCounted(WalActivity before, boolean images) throws InterruptedException {
        WalActivity after = WalActivity.sample(url);
        for (int i = 0; i < 50 && (after.requestedCheckpoints() == before.requestedCheckpoints()
                || images && after.fullPageImages() == before.fullPageImages()); i++) {
            Thread.sleep(100);
            after = WalActivity.sample(url);
        }
        return after;
    }
}
