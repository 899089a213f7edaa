package app.openly.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** PostgreSQL 17 without Docker (zonky's embedded binaries); data kept under .openly/pg across restarts. */
final class LocalPostgres {

    private LocalPostgres() {
    }

    static void runUntilStopped(Path dataDir, int port) throws IOException, InterruptedException {
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("max_connections", "100")
                .start();
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
}
