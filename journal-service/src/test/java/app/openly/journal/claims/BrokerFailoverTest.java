package app.openly.journal.claims;

import app.openly.events.EntryRecorded;
import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.Topics;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestMetrics;
import app.openly.testsupport.TestTokens;
import app.openly.testsupport.ThreeBrokerKafka;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Production's Kafka settings on three real brokers: the relay publishes with acks=all to topics with three
 * replicas and min.insync.replicas=2. The partition leader of a person's events stops in the middle of their
 * writes: nothing is lost, nothing is doubled, the order holds. With a second broker gone (one replica left,
 * below min.insync.replicas) the broker refuses the writes and the events wait in the outbox instead of being
 * "published" to a single copy; they go out when a broker returns.
 */
@QuarkusTest
@WithTestResource(ThreeBrokerInfrastructure.class)
class BrokerFailoverTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aLeaderFailoverLosesNothingAndBelowMinInsyncNothingIsPublished() throws Exception {
        var cluster = ThreeBrokerKafka.cluster();
        String user = "failover-" + UUID.randomUUID();
        String token = TestTokens.forUser(user, "org-acme");
        List<String> written = new ArrayList<>();
        write(token, written, 5);
        await().atMost(Duration.ofSeconds(60)).until(() -> TestKafka.pendingOutboxRows(dataSource, user) == 0);

        int partition = Utils.toPositive(Utils.murmur2(user.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 3;
        int leader = leaderOf(cluster.bootstrapServers(), partition);
        cluster.brokers().get(leader).shutdown();
        cluster.brokers().get(leader).awaitShutdown();
        write(token, written, 5);
        await().atMost(Duration.ofSeconds(90)).until(() -> TestKafka.pendingOutboxRows(dataSource, user) == 0);

        // A second broker down: one in-sync replica is fewer than min.insync.replicas=2, so acks=all fails and
        // the rows stay in the outbox (the relay tried: its failure counter moved).
        int second = cluster.brokers().keySet().stream().filter(id -> id != leader).findFirst().orElseThrow();
        double failuresBefore = TestMetrics.value("openly_outbox_publish_failures_total");
        cluster.brokers().get(second).shutdown();
        cluster.brokers().get(second).awaitShutdown();
        write(token, written, 2);
        await().atMost(Duration.ofSeconds(90)).until(() -> TestMetrics.value("openly_outbox_publish_failures_total") > failuresBefore);
        assertEquals(2, TestKafka.pendingOutboxRows(dataSource, user), "not acknowledged by two replicas: still waiting");

        cluster.brokers().get(leader).startup();
        await().atMost(Duration.ofSeconds(120)).until(() -> TestKafka.pendingOutboxRows(dataSource, user) == 0);

        List<String> published = new ArrayList<>();
        for (EventEnvelope e : readToEnd(cluster.bootstrapServers(), user)) {
            published.add(((EntryRecorded) e.payload()).entry().entryId().toString());
        }
        assertEquals(written, published, "every entry once, in the order written, across the failover");
        cluster.brokers().get(second).startup();
    }

    private static void write(String token, List<String> written, int n) {
        for (int i = 0; i < n; i++) {
            written.add(given().auth().oauth2(token).contentType("application/json").body("""
                            {"practice":"BODY_ANCHOR","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","breaths":%d}"""
                            .formatted(i + 1))
                    .post("/api/v1/entries").then().statusCode(201).extract().path("id"));
        }
    }

    private static int leaderOf(String bootstrap, int partition) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            var description = admin.describeTopics(List.of(Topics.JOURNAL_ENTRY_EVENTS)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.JOURNAL_ENTRY_EVENTS);
            var info = description.partitions().get(partition);
            assertEquals(3, info.isr().size(), "three in-sync replicas before the failover");
            return info.leader().id();
        }
    }

    private static List<EventEnvelope> readToEnd(String bootstrap, String user) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<EventEnvelope> events = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.JOURNAL_ENTRY_EVENTS).stream()
                    .map(i -> new TopicPartition(Topics.JOURNAL_ENTRY_EVENTS, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "read to the end offsets " + end);
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (user.equals(r.key())) {
                        events.add(EventJson.decode(r.value()));
                    }
                }
            }
        }
        return events;
    }
}
