package app.openly.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** PostgreSQL 17 without Docker (zonky's embedded binaries); data kept under .openly/pg across restarts. */
final class LocalPostgres {

    private LocalPostgres() {
    }

    /**
     * Settings that make an acknowledged commit survive a crash (kill -9, power loss). The embedded library
     * defaults to fsync=off and synchronous_commit=off (fast for tests, see test-support's SharedInfrastructure,
     * which keeps them off on purpose): a person trying Openly writes real entries, and with those defaults a
     * crash lost entries that had been answered 201 and let consumers commit offsets past effects the crash
     * then dropped.
     */
    static final Map<String, String> DURABLE_SETTINGS = Map.of(
            "fsync", "on",
            "synchronous_commit", "on",
            "full_page_writes", "on");

    static void runUntilStopped(Path dataDir, int port) throws IOException, InterruptedException {
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgres pg = builder(dataDir, port).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close(); // pg_ctl stop: a clean shutdown, nothing to recover next time
            } catch (IOException ignored) {
                // exiting anyway
            } finally {
                stopped.countDown();
            }
        }, "postgres-stop"));
        System.out.println("postgres ready on port " + port + " with data in " + dataDir
                + ("1".equals(System.getenv(STATEMENT_STATISTICS_ENV)) ? " (pg_stat_statements loaded)" : ""));
        stopped.await();
    }

    /**
     * Opt-in for bench/postgres/attribution.sh: {@code OPENLY_PG_STAT_STATEMENTS=1 ./openly up} loads
     * pg_stat_statements (zonky's binaries ship it), so PostgreSQL's time can be split per statement. Off by default:
     * it costs every statement a little, and nothing but that tool reads it.
     */
    static final String STATEMENT_STATISTICS_ENV = "OPENLY_PG_STAT_STATEMENTS";

    static EmbeddedPostgres.Builder builder(Path dataDir, int port) {
        return builder(dataDir, port, "1".equals(System.getenv(STATEMENT_STATISTICS_ENV)));
    }

    static EmbeddedPostgres.Builder builder(Path dataDir, int port, boolean statementStatistics) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "100");
        DURABLE_SETTINGS.forEach(builder::setServerConfig);
        if (statementStatistics) {
            // Passed at each start (not written to the data directory): the next `up` without the variable runs without it.
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        return builder;
    }
}
