package app.openly.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One real PostgreSQL server and one real Kafka broker per test JVM, started on first use and
 * stopped when the JVM exits. No Docker: PostgreSQL is zonky's embedded PG 17, Kafka is Kafka's own
 * KRaft test kit. {@code PG_JDBC_URL} (plus {@code PG_USER}/{@code PG_PASSWORD}) and
 * {@code KAFKA_BOOTSTRAP_SERVERS} point the tests at external servers instead.
 */
public final class SharedInfrastructure {

    public static final int TOPIC_PARTITIONS = 3;

    private static EmbeddedPostgres postgres;
    private static KafkaClusterTestKit kafka;
    private static String externalKafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");

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
    public static synchronized String kafkaBootstrapServers() {
        if (externalKafka != null && !externalKafka.isBlank()) {
            return externalKafka;
        }
        if (kafka == null) {
            // A broker meeting a fatal error calls Kafka's Exit.halt/exit, which would end the surefire fork
            // with no test to blame. Instead the error is recorded and fails the running test and every later
            // one (BrokerHealthExtension), so CI goes red with the broker's own message. Only while the JVM is
            // already exiting (every test done, the shutdown hook closing the broker) is it merely logged.
            org.apache.kafka.common.utils.Exit.setHaltProcedure((status, message) -> brokerFailed("halt", status, message));
            org.apache.kafka.common.utils.Exit.setExitProcedure((status, message) -> brokerFailed("exit", status, message));
            kafka = startKafka();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.setProperty(EXITING, "true");
                closeKafkaQuietly();
            }, "kafka-stop"));
        }
        return kafka.bootstrapServers();
    }

    /** System properties, not static fields: the test classes and Quarkus' class loader each see their own statics. */
    static final String BROKER_FATAL = "openly.test.kafka.fatal";
    private static final String EXITING = "openly.test.jvm.exiting";

    private static void brokerFailed(String how, int status, String message) {
        String what = "embedded Kafka asked to " + how + " (" + status + "): " + message;
        if (Boolean.getBoolean(EXITING)) {
            System.err.println(what + " - while the test JVM exits, after every test");
            return;
        }
        System.err.println(what + " - every test from now on fails");
        System.setProperty(BROKER_FATAL, what);
    }

    /** The fatal error the embedded broker met in this JVM, if any. */
    public static java.util.Optional<String> brokerFatalError() {
        return java.util.Optional.ofNullable(System.getProperty(BROKER_FATAL));
    }

    /**
     * Stops the embedded broker (to prove that producers ride out an outage). {@link #startKafkaAgain()}
     * brings it back on the same port with the same data.
     */
    public static synchronized void stopKafka() {
        requireEmbeddedKafka();
        var broker = kafka.brokers().values().iterator().next();
        broker.shutdown();
        broker.awaitShutdown();
    }

    public static synchronized void startKafkaAgain() {
        requireEmbeddedKafka();
        kafka.brokers().values().iterator().next().startup();
        try {
            kafka.waitForReadyBrokers();
        } catch (ExecutionException | InterruptedException e) {
            throw new IllegalStateException("broker did not come back", e);
        }
    }

    private static void requireEmbeddedKafka() {
        if (kafka == null) {
            throw new IllegalStateException("the broker is external (KAFKA_BOOTSTRAP_SERVERS) or not started");
        }
    }

    private static KafkaClusterTestKit startKafka() {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    // One broker: internal topics must have replication factor 1, or __consumer_offsets never exists.
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("num.partitions", String.valueOf(TOPIC_PARTITIONS))
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            createTopics(cluster.bootstrapServers(), app.openly.events.Topics.ALL);
            return cluster;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start embedded Kafka", e);
        }
    }

    /** Creates topics that do not exist yet (idempotent). */
    public static void createTopics(String bootstrapServers, Collection<String> topics) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> wanted = topics.stream().map(t -> new NewTopic(t, TOPIC_PARTITIONS, (short) 1)).toList();
            for (var result : admin.createTopics(wanted).values().values()) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + topics, e);
        }
    }

    private static void closeKafkaQuietly() {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } catch (Exception ignored) {
            // the JVM is exiting
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
