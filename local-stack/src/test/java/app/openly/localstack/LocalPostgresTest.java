package app.openly.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalPostgresTest {

    /** A port nothing listens on right now, for a server of a test's own. */
    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The local stack's server, as ./openly starts it, acknowledges a commit only once it is on disk. */
    @Test
    void theLocalServerIsDurable(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = LocalPostgres.builder(dir.resolve("pg"), freePort()).start();
             Connection c = pg.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet rs = s.executeQuery("show " + setting)) {
                    rs.next();
                    assertEquals("on", rs.getString(1), setting);
                }
            }
        }
    }

    /** bench/postgres/attribution.sh's opt-in: pg_stat_statements loaded at start, and only then. */
    @Test
    void statementStatisticsAreLoadedOnlyWhenAskedFor(@TempDir Path dir) throws Exception {
        for (boolean wanted : new boolean[] {false, true}) {
            try (EmbeddedPostgres pg = LocalPostgres.builder(dir.resolve("pg-" + wanted), freePort(), wanted).start();
                 Connection c = pg.getPostgresDatabase().getConnection();
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("show shared_preload_libraries")) {
                    rs.next();
                    assertEquals(wanted ? "pg_stat_statements" : "", rs.getString(1));
                }
                if (wanted) {
                    s.execute("create extension if not exists pg_stat_statements");
                    // A statement of its own shape: same-shaped ones share one entry, listed under the first one's text.
                    s.execute("select oid from pg_namespace where nspname = 'counted'");
                    java.util.List<String> counted = new java.util.ArrayList<>();
                    try (ResultSet rs = s.executeQuery("select query from pg_stat_statements")) {
                        while (rs.next()) {
                            counted.add(rs.getString(1));
                        }
                    }
                    assertTrue(counted.stream().anyMatch(q -> q.contains("from pg_namespace where nspname = $1")), "the statement is counted: " + counted);
                }
            }
        }
    }
}
