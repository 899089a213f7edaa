package app.openly.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/**
 * One real PostgreSQL server and one real Kafka broker per test JVM, started on first use and
 * stopped when the JVM exits. No Docker: PostgreSQL is zonky's embedded PG 17, Kafka is Kafka's own
 * KRaft test kit. {@code PG_JDBC_URL} (plus {@code PG_USER}/{@code PG_PASSWORD}) and
 * {@code KAFKA_BOOTSTRAP_SERVERS} point the tests at external servers instead. The broker's life (start, outage,
 * fatal errors) is {@link SharedKafka}'s; this class is what tests call.
 */
public final class SharedInfrastructure {

    public static final int TOPIC_PARTITIONS = 3;

    private static EmbeddedPostgres postgres;

    private SharedInfrastructure() {
    }

    /** A JDBC URL of a database named {@code database}, created if missing. */
    public static synchronized PgDatabase database(String database) {
        String externalUrl = System.getenv("PG_JDBC_URL");
        String user;
        String password;
        String adminUrl;
        if (externalUrl != null && !externalUrl.isBlank()) {
            user = envOr("PG_USER", "postgres");
            password = envOr("PG_PASSWORD", "postgres");
            adminUrl = externalUrl;
        } else {
            startPostgres();
            user = "postgres";
            password = "postgres";
            adminUrl = postgres.getJdbcUrl("postgres", "postgres");
        }
        try (Connection c = DriverManager.getConnection(adminUrl, user, password)) {
            try (PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        try (Statement create = c.createStatement()) {
                            create.execute("create database \"" + database.replace("\"", "") + "\"");
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + database, e);
        }
        String url = adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
        return new PgDatabase(url, user, password);
    }

    public record PgDatabase(String jdbcUrl, String user, String password) {
    }

    private static void startPostgres() {
        if (postgres != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("openly-pg-");
            // Off for speed in tests; -Dopenly.test.durable-commits=true for benchmarks of durable commits (production).
            String durable = Boolean.getBoolean("openly.test.durable-commits") ? "on" : "off";
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(true)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the JVM is exiting
            }
        }, "embedded-pg-stop"));
    }

    /** Bootstrap servers of the shared broker, started on first use, with every topic of the system created. */
    public static String kafkaBootstrapServers() {
        return SharedKafka.bootstrapServers();
    }

    /** The fatal error the embedded broker met in this JVM, if any. */
    public static java.util.Optional<String> brokerFatalError() {
        return SharedKafka.fatalError();
    }

    /**
     * Stops the embedded broker (to prove that producers ride out an outage). {@link #startKafkaAgain()}
     * brings it back on the same port with the same data.
     */
    public static void stopKafka() {
        SharedKafka.stop();
    }

    public static void startKafkaAgain() {
        SharedKafka.startAgain();
    }

    /** Creates topics that do not exist yet (idempotent). */
    public static void createTopics(String bootstrapServers, Collection<String> topics) {
        SharedKafka.createTopics(bootstrapServers, topics);
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
