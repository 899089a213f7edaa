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
        System.out.println("postgres ready on port " + port + " with data in " + dataDir);
        stopped.await();
    }

    static EmbeddedPostgres.Builder builder(Path dataDir, int port) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "100");
        DURABLE_SETTINGS.forEach(builder::setServerConfig);
        return builder;
    }
}
