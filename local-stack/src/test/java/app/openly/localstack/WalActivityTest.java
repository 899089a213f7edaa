package app.openly.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line printed under a measured run: PostgreSQL's WAL and checkpoints during it. */
class WalActivityTest {

    @TempDir
    static Path serverDir;
    private static EmbeddedPostgres pg;
    private static String url;

    @Test
    void perUnitFiguresAndCheckpointsEnded() {
        var before = new WalActivity(100, 10_000_000, 4, 70);
        var after = new WalActivity(370, 10_000_000 + 6_963_200, 4, 71);
        assertEquals("WAL 6.8 kB per entry (0.27 full-page images per entry, up to 32 % of the bytes); checkpoints ended: 1 "
                + "(requested, not timed: 1)", WalActivity.describe(before, after, 1_000, "entry"));
        assertEquals("WAL 6.8 kB per tx (0.27 full-page images per tx, up to 32 % of the bytes); checkpoints ended: 0",
                WalActivity.describe(new WalActivity(0, 0, 4, 70), new WalActivity(270, 6_963_200, 4, 70), 1_000, "tx"));
    }

    @Test
    void missingSamplesLeaveTheLineOut() {
        var sample = new WalActivity(1, 1, 1, 1);
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
