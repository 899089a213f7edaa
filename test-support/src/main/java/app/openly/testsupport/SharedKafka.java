package app.openly.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The one embedded Kafka broker of a test JVM (Kafka's KRaft test kit), or the external one
 * {@code KAFKA_BOOTSTRAP_SERVERS} names: started on first use with every topic of the system, stopped and started
 * again for outage tests, closed when the JVM exits; a fatal error of the broker fails the tests instead of ending
 * the JVM. Tests reach it through {@link SharedInfrastructure}.
 */
final class SharedKafka {

    private static KafkaClusterTestKit kafka;
    private static final String externalKafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");

    private SharedKafka() {
    }

    static synchronized String bootstrapServers() {
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

    static java.util.Optional<String> fatalError() {
        return java.util.Optional.ofNullable(System.getProperty(BROKER_FATAL));
    }

    static synchronized void stop() {
        requireEmbeddedKafka();
        var broker = kafka.brokers().values().iterator().next();
        broker.shutdown();
        broker.awaitShutdown();
    }

    static synchronized void startAgain() {
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
                    .setConfigProp("num.partitions", String.valueOf(SharedInfrastructure.TOPIC_PARTITIONS))
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

    static void createTopics(String bootstrapServers, Collection<String> topics) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> wanted = topics.stream().map(t -> new NewTopic(t, SharedInfrastructure.TOPIC_PARTITIONS, (short) 1)).toList();
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
}
