package app.openly.platform.durability;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.testsupport.SharedInfrastructure;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestMetrics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch consumption on real PostgreSQL and Kafka: a batch is one transaction, a crash in the middle of it leaves
 * nothing half-applied and its redelivery applies each event exactly once, per-person order holds, and a poison
 * record in the middle of a batch is dead-lettered while its batch-mates are applied.
 * <p>
 * Each test gathers its records into one batch: a {@link TestEffects#HOLD} event keeps the consumer busy while
 * they are published with one producer, so the next poll returns them together.
 */
@QuarkusTest
@WithTestResource(ProxiedDatabase.class) // as DurabilityTest: one application for both (its proxy is left alone here)
class BatchConsumptionTest {

    private static final String METRIC = "openly_entry_events_total";
    private static final String DLQ = Topics.dlq(Topics.JOURNAL_ENTRY_EVENTS);

    @AfterEach
    void openTheGate() {
        TestEffects.release();
    }

    @Test
    void aBatchAbortedInTheMiddleIsAppliedExactlyOnceWhenItComesAgain() throws Exception {
        // The third person's events end the database session once, mid-batch (TestEffects.ABORT_ONCE).
        List<String> people = List.of("ana-" + UUID.randomUUID(), "ben-" + UUID.randomUUID(), TestEffects.ABORT_ONCE + UUID.randomUUID());
        List<EventEnvelope> batch = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            batch.add(event(people.get(i % 3), i));
        }
        double appliedBefore = TestMetrics.value(METRIC, "outcome", "applied");

        publishAsOneBatch(batch);

        await().atMost(Duration.ofSeconds(60)).until(() -> batch.stream().allMatch(e -> applications(e.eventId()) == 1));
        assertTrue(TestEffects.appliedBeforeAbort() > 0,
                "the session ended after part of the batch was applied: " + TestEffects.appliedBeforeAbort());
        for (EventEnvelope e : batch) {
            assertEquals(1, applications(e.eventId()), "applied exactly once: " + e.userId());
            assertEquals(1, ledgerRows(e.eventId()), "recorded once in the ledger: " + e.userId());
        }
        assertTrue(transactions(batch) < batch.size() / 2, "applied in batches, not one transaction per event: "
                + transactions(batch) + " transactions for " + batch.size() + " events");
        for (String person : people) {
            assertEquals(batch.stream().filter(e -> e.userId().equals(person)).map(EventEnvelope::eventId).toList(),
                    appliedInOrder(person), "the person's events in the order they were published");
        }

        // The service dies after the batch committed and before its offsets were: Kafka delivers the batch again,
        // here together with new events (one of them twice). The ledger skips what was applied.
        List<EventEnvelope> fresh = List.of(event(people.get(0), 20), event(people.get(1), 21));
        List<EventEnvelope> again = new ArrayList<>(batch);
        again.addAll(fresh);
        again.add(fresh.get(1));
        double duplicatesBefore = TestMetrics.value(METRIC, "outcome", "duplicate");
        publishAsOneBatch(again);
        await().atMost(Duration.ofSeconds(60)).until(() -> fresh.stream().allMatch(e -> applications(e.eventId()) == 1));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                TestMetrics.value(METRIC, "outcome", "duplicate") >= duplicatesBefore + batch.size() + 1);
        for (EventEnvelope e : again) {
            assertEquals(1, applications(e.eventId()), "still exactly once after the redelivery: " + e.userId());
            assertEquals(1, ledgerRows(e.eventId()));
        }
        // The batches are acknowledged: the group's committed offsets reach the end of every partition.
        await().atMost(Duration.ofSeconds(30)).until(BatchConsumptionTest::everythingCommitted);
        // hold events: 2; first-time events: the batch and the fresh ones. Counted per event, never per attempt.
        assertEquals(appliedBefore + 2 + batch.size() + fresh.size(), TestMetrics.value(METRIC, "outcome", "applied"));
    }

    @Test
    void aPoisonRecordInTheMiddleOfABatchIsDeadLetteredAndItsBatchMatesAreApplied() throws Exception {
        String person = "dora-" + UUID.randomUUID();
        List<EventEnvelope> good = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            good.add(event(person, i));
        }
        byte[] garbage = ("not an event of " + person).getBytes(StandardCharsets.UTF_8);
        EventEnvelope invalid = event(TestEffects.INVALID + UUID.randomUUID(), 0);
        double deadLetteredBefore = TestMetrics.value(METRIC, "outcome", "dead-lettered");

        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            records.add(record(good.get(i)));
            if (i == 1) {
                records.add(new ProducerRecord<>(Topics.JOURNAL_ENTRY_EVENTS, person, garbage)); // same partition
            }
            if (i == 3) {
                records.add(record(invalid)); // decodes, fails in the handler: the batch's transaction fails
            }
        }
        publishAsOneBatch(records);

        await().atMost(Duration.ofSeconds(60)).until(() -> good.stream().allMatch(e -> applications(e.eventId()) == 1));
        assertEquals(good.stream().map(EventEnvelope::eventId).toList(), appliedInOrder(person), "in order, none lost");
        assertEquals(0, applications(invalid.eventId()), "nothing of the invalid event");
        assertEquals(0, ledgerRows(invalid.eventId()), "the invalid event is not in the ledger (it may be replayed)");

        byte[] invalidBytes = EventJson.encode(invalid);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var all = TestKafka.readToEnd(DLQ);
            return all.stream().anyMatch(r -> Arrays.equals(garbage, r.value())) && all.stream().anyMatch(r -> Arrays.equals(invalidBytes, r.value()));
        });
        var dlq = TestKafka.readToEnd(DLQ);
        var garbageLetters = dlq.stream().filter(r -> Arrays.equals(garbage, r.value())).toList();
        var invalidLetters = dlq.stream().filter(r -> Arrays.equals(invalidBytes, r.value())).toList();
        assertEquals(1, garbageLetters.size(), "the garbage, once");
        assertEquals(1, invalidLetters.size(), "the invalid event, once");
        assertTrue(reason(garbageLetters.get(0)).startsWith("poison: invalid event"), reason(garbageLetters.get(0)));
        assertEquals("poison: jakarta.validation.ValidationException", reason(invalidLetters.get(0)));
        assertTrue(TestMetrics.value(METRIC, "outcome", "dead-lettered") >= deadLetteredBefore + 2, "counted per record");
    }

    private static String reason(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }

    private static EventEnvelope event(String person, int minute) {
        return TestEvents.recorded(person, Practice.BODY_ANCHOR, LocalDateTime.of(2026, 11, 30, 21, minute), "Europe/Berlin");
    }

    private static ProducerRecord<String, byte[]> record(EventEnvelope e) {
        return new ProducerRecord<>(Topics.JOURNAL_ENTRY_EVENTS, e.userId(), EventJson.encode(e));
    }

    private static void publishAsOneBatch(List<?> eventsOrRecords) throws Exception {
        TestEffects.closeGate();
        EventEnvelope hold = event(TestEffects.HOLD + UUID.randomUUID(), 0);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, hold);
        await().atMost(Duration.ofSeconds(30)).until(TestEffects::holding);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1000"); // one produce request, so one fetch
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (Object o : eventsOrRecords) {
                @SuppressWarnings("unchecked")
                ProducerRecord<String, byte[]> r = o instanceof EventEnvelope e ? record(e) : (ProducerRecord<String, byte[]>) o;
                producer.send(r);
            }
            producer.flush();
        }
        Thread.sleep(1500); // the consumer's poller fetches them while the handler holds
        TestEffects.release();
    }

    /** Whether the consumer group committed every partition of the topic up to its end (nothing left to redeliver). */
    private static boolean everythingCommitted() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("platform-test")
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(Topics.JOURNAL_ENTRY_EVENTS)).allTopicNames().get().get(Topics.JOURNAL_ENTRY_EVENTS)
                    .partitions().forEach(info -> latest.put(new TopicPartition(Topics.JOURNAL_ENTRY_EVENTS, info.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0 || committed.containsKey(end.getKey())
                    && committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() == end.getValue().offset());
        }
    }

    private static Connection direct() throws Exception {
        var db = SharedInfrastructure.database("platform");
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static int applications(UUID eventId) {
        return count("select count(*) from test_effect where event_id = ?", eventId);
    }

    private static int ledgerRows(UUID eventId) {
        return count("select count(*) from processed_event where consumer = 'platform-test' and event_id = ?", eventId);
    }

    private static int count(String sql, UUID eventId) {
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int transactions(List<EventEnvelope> events) throws Exception {
        Set<Long> tx = new HashSet<>();
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement("select tx_id from test_effect where event_id = any (?)")) {
            ps.setArray(1, c.createArrayOf("uuid", events.stream().map(EventEnvelope::eventId).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tx.add(rs.getLong(1));
                }
            }
        }
        return tx.size();
    }

    private static List<UUID> appliedInOrder(String person) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement("select event_id from test_effect where user_id = ? order by seq")) {
            ps.setString(1, person);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }
}
