package app.openly.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A second, separate Kafka cluster with three brokers (and one KRaft controller), configured like production
 * (deploy/: replication factor 3, {@code min.insync.replicas=2}), for the test classes that prove a broker
 * failover loses nothing. Started on first use, stopped with the JVM; the shared one-broker cluster is untouched.
 */
public final class ThreeBrokerKafka {

    private static KafkaClusterTestKit cluster;

    private ThreeBrokerKafka() {
    }

    public static synchronized KafkaClusterTestKit cluster() {
        if (cluster == null) {
            try {
                TestKitNodes nodes = new TestKitNodes.Builder()
                        .setCombined(false)
                        .setNumBrokerNodes(3)
                        .setNumControllerNodes(1)
                        .build();
                KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "3")
                        .setConfigProp("offsets.topic.num.partitions", "3")
                        .setConfigProp("transaction.state.log.replication.factor", "3")
                        .setConfigProp("transaction.state.log.min.isr", "2")
                        .setConfigProp("default.replication.factor", "3")
                        .setConfigProp("min.insync.replicas", "2")
                        .setConfigProp("unclean.leader.election.enable", "false")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false")
                        .build();
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                createTopics(kit.bootstrapServers(), app.openly.events.Topics.ALL);
                cluster = kit;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        kit.close();
                    } catch (Exception ignored) {
                        // the JVM is exiting
                    }
                }, "kafka3-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the three-broker Kafka cluster", e);
            }
        }
        return cluster;
    }

    /** Every topic with three replicas and {@code min.insync.replicas=2}, as deploy/ creates them. */
    private static void createTopics(String bootstrapServers, Collection<String> topics) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(topics.stream()
                            .map(t -> new NewTopic(t, SharedInfrastructure.TOPIC_PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "2")))
                            .toList())
                    .all().get(60, TimeUnit.SECONDS);
        }
    }
}
