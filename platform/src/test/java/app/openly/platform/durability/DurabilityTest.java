package app.openly.platform.durability;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.LanguageChosen;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.platform.messaging.DeadLetters;
import app.openly.platform.outbox.Outbox;
import app.openly.platform.outbox.OutboxRelay;
import app.openly.testsupport.SharedInfrastructure;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestManagement;
import app.openly.testsupport.TestMetrics;
import app.openly.testsupport.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared consumer and the relay on real PostgreSQL (behind a {@link app.openly.testsupport.TcpProxy} that
 * takes it away) and a real Kafka broker: transient failures wait, poison is dead-lettered, replay applies once.
 */
@QuarkusTest
// Shared with BatchConsumptionTest (same resources, one application): a second application would start a second
// proxy, and ProxiedDatabase.proxy() would no longer be the one this application's pool goes through.
@WithTestResource(ProxiedDatabase.class)
class DurabilityTest {

    private static final String DLQ = Topics.dlq(Topics.JOURNAL_ENTRY_EVENTS);

    @Inject
    TestEffects effects;
    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;

    @AfterEach
    void databaseBack() {
        ProxiedDatabase.proxy().restore();
    }

    @Test
    void consumersOutliveAThirtySecondDatabaseOutageWithoutDeadLettering() throws Exception {
        EventEnvelope warmUp = event("warm-up");
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, warmUp);
        await().atMost(Duration.ofSeconds(60)).until(() -> directApplications(warmUp.eventId()) == 1);
        EventEnvelope factWarmUp = languageChosen("fact-warm-up", "fr");
        TestKafka.publish(Topics.REMINDERS_DUE, factWarmUp);
        await().atMost(Duration.ofSeconds(60)).until(() -> "fr".equals(directLocale(factWarmUp.userId())));
        double deadLetteredBefore = TestMetrics.value("openly_entry_events_total", "outcome", "dead-lettered");

        ProxiedDatabase.proxy().cut();
        long cutAt = System.nanoTime();
        List<EventEnvelope> during = List.of(event("alice"), event("bob"), event("carol"), event("dave"));
        during.forEach(e -> TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, e));
        // A fact consumer (platform FactRecords) too: it gave a record up after ~15 s of backoff before, dead-lettered.
        EventEnvelope fact = languageChosen("fact-during", "de");
        TestKafka.publish(Topics.REMINDERS_DUE, fact);

        // Readiness says the consumer waits (503) and what for.
        await().atMost(Duration.ofSeconds(15)).until(() -> TestManagement.given().get("/q/health/ready").statusCode() == 503);
        String health = TestManagement.given().get("/q/health/ready").asString();
        assertTrue(health.contains("entry-events consumer") && health.contains("waitingSince"), health);
        while (System.nanoTime() - cutAt < Duration.ofSeconds(30).toNanos()) {
            Thread.sleep(1000);
        }
        assertEquals(1.0, TestMetrics.value("openly_entry_events_waiting"), "waiting while the database is away");
        for (EventEnvelope e : during) {
            assertEquals(0, directApplications(e.eventId()), "nothing applied while the database is away");
        }
        assertEquals(null, directLocale(fact.userId()), "no language stored while the database is away");

        ProxiedDatabase.proxy().restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (EventEnvelope e : during) {
                if (directApplications(e.eventId()) != 1) {
                    return false;
                }
            }
            return true;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> TestManagement.given().get("/q/health/ready").statusCode() == 200);
        assertEquals(deadLetteredBefore, TestMetrics.value("openly_entry_events_total", "outcome", "dead-lettered"),
                "no event dead-lettered by the outage");
        var dlq = DeadLetters.list(SharedInfrastructure.kafkaBootstrapServers(), DLQ);
        for (EventEnvelope e : during) {
            assertTrue(dlq.stream().noneMatch(d -> e.eventId().toString().equals(d.eventId())), "not on the DLQ: " + e.eventId());
        }
        for (EventEnvelope e : during) {
            assertEquals(1, directApplications(e.eventId()), "applied exactly once");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "de".equals(directLocale(fact.userId())));
        assertTrue(TestKafka.readFromBeginning(Topics.dlq(Topics.REMINDERS_DUE), r -> fact.userId().equals(r.key()),
                Duration.ofSeconds(3)).stream().noneMatch(r -> fact.userId().equals(r.key())), "the fact is not on the DLQ");
    }

    @Test
    void aRequestWhileTheDatabaseIsAwayIsAnswered503WithRetryAfterAndAProblem() {
        String token = TestTokens.forUser("unavailable-" + UUID.randomUUID(), null);
        RestAssured.given().auth().oauth2(token).get("/api/v1/test-effects").then().statusCode(200);

        ProxiedDatabase.proxy().cut();
        // The pool's wait (2 s here) or the refused connection: either is the database briefly away, not our bug (500).
        var answer = RestAssured.given().auth().oauth2(token).get("/api/v1/test-effects");
        assertEquals(503, answer.statusCode(), answer.asString());
        assertEquals("2", answer.header("Retry-After"));
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        assertTrue(answer.jsonPath().getString("type").endsWith("/unavailable"), answer.asString());
        assertEquals(503, answer.jsonPath().getInt("status"));

        ProxiedDatabase.proxy().restore();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                RestAssured.given().auth().oauth2(token).get("/api/v1/test-effects").statusCode() == 200);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAtOnceWithItsReason() throws Exception {
        String user = "poison-" + UUID.randomUUID();
        byte[] poison = ("{\"not\":\"an event " + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        long sentAt = System.nanoTime();
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, user, poison);
        var records = TestKafka.readFromBeginning(DLQ, r -> java.util.Arrays.equals(poison, r.value()), Duration.ofSeconds(20));
        long millis = Duration.ofNanos(System.nanoTime() - sentAt).toMillis();
        var record = records.stream().filter(r -> java.util.Arrays.equals(poison, r.value())).findFirst().orElseThrow();
        String reason = new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertTrue(reason.startsWith("poison: invalid event"), reason);
        assertFalse(reason.contains("an event"), "the reason never quotes the record: " + reason);
        assertTrue(millis < 10_000, "dead-lettered at once, not after retries: " + millis + " ms");

        // The partition moved on: the same person's next event is applied.
        EventEnvelope next = TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.of(2026, 11, 30, 21, 0), "Europe/Berlin");
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, next);
        await().atMost(Duration.ofSeconds(30)).until(() -> directApplications(next.eventId()) == 1);
    }

    @Test
    void aReplayedDeadLetteredRecordAppliesOnceHoweverOftenItIsReplayed() throws Exception {
        // As the consumer before this change dead-lettered a good event during a database outage.
        EventEnvelope good = event("replayed");
        try (KafkaProducer<String, byte[]> producer = producer()) {
            var record = new ProducerRecord<>(DLQ, good.userId(), EventJson.encode(good));
            record.headers().add("dead-letter-topic", Topics.JOURNAL_ENTRY_EVENTS.getBytes(StandardCharsets.UTF_8));
            record.headers().add("dead-letter-reason", "Unable to acquire JDBC Connection".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        String bootstrap = SharedInfrastructure.kafkaBootstrapServers();
        var listed = DeadLetters.list(bootstrap, Topics.JOURNAL_ENTRY_EVENTS);
        var entry = listed.stream().filter(d -> good.eventId().toString().equals(d.eventId())).findFirst().orElseThrow();
        assertFalse(entry.replayed());
        assertEquals(Topics.JOURNAL_ENTRY_EVENTS, entry.sourceTopic());

        var first = DeadLetters.replay(bootstrap, DLQ, false);
        assertTrue(first.replayed().stream().anyMatch(line -> line.contains(good.eventId().toString())), first.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> directApplications(good.eventId()) == 1);

        var second = DeadLetters.replay(bootstrap, DLQ, false);
        assertTrue(second.replayed().stream().noneMatch(line -> line.contains(good.eventId().toString())),
                "a replayed record is recorded as replayed: " + second);
        assertTrue(DeadLetters.list(bootstrap, DLQ).stream()
                .filter(d -> good.eventId().toString().equals(d.eventId())).allMatch(DeadLetters.Entry::replayed));

        double duplicatesBefore = TestMetrics.value("openly_entry_events_total", "outcome", "duplicate");
        var again = DeadLetters.replay(bootstrap, DLQ, true);
        assertTrue(again.replayed().stream().anyMatch(line -> line.contains(good.eventId().toString())));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestMetrics.value("openly_entry_events_total", "outcome", "duplicate") >= duplicatesBefore + 1);
        assertEquals(1, directApplications(good.eventId()), "replayed twice, applied once");
    }

    @Test
    void theRelayResumesWithinASecondOfTheDatabaseComingBack() throws Exception {
        EventEnvelope before = event("relay-before");
        QuarkusTransaction.requiringNew().run(() -> outbox.add(Topics.JOURNAL_ENTRY_EVENTS, before));
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRows(before.eventId()) == 0);
        double lostBefore = TestMetrics.value("openly_outbox_database_lost_total");

        ProxiedDatabase.proxy().cut();
        await().atMost(Duration.ofSeconds(5)).until(() -> !relay.databaseUp());
        assertEquals(0.0, TestMetrics.value("openly_outbox_database_up"));
        // A row committed meanwhile (by another replica, say) waits in the outbox.
        EventEnvelope during = event("relay-during");
        insertOutboxRowDirectly(during);
        Thread.sleep(5000);
        assertEquals(1, outboxRows(during.eventId()));
        assertEquals(lostBefore + 1, TestMetrics.value("openly_outbox_database_lost_total"), "one outage counted once");

        ProxiedDatabase.proxy().restore();
        long restoredAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> outboxRows(during.eventId()) == 0);
        long resumedMillis = Duration.ofNanos(System.nanoTime() - restoredAt).toMillis();
        System.out.println("relay published " + resumedMillis + " ms after the database came back");
        assertTrue(resumedMillis <= 1000, "published within a second of the database's return: " + resumedMillis + " ms");
        await().atMost(Duration.ofSeconds(2)).until(relay::databaseUp);
        assertEquals(1.0, TestMetrics.value("openly_outbox_database_up"));
        var published = TestKafka.readFromBeginning(Topics.JOURNAL_ENTRY_EVENTS,
                r -> during.userId().equals(r.key()), Duration.ofSeconds(20));
        assertTrue(published.stream().anyMatch(r -> during.userId().equals(r.key())));
    }

    @Test
    void theRelayPublishesEachPersonsEventsInIdOrderWhateverOrderTheDatabaseReturnsThemIn() throws Exception {
        // Two people's events, ids drawn from the sequence in event order, rows written last-first in one commit: their
        // physical order runs against their ids, so a relay that published in the order a delete ... returning hands
        // the rows back (SQL gives none) would publish them backwards. Committed together: one round takes them all.
        String a = "order-a-" + UUID.randomUUID();
        String b = "order-b-" + UUID.randomUUID();
        List<EventEnvelope> events = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(TestEvents.recorded(i % 2 == 0 ? a : b, Practice.BODY_ANCHOR, LocalDateTime.of(2026, 11, 30, 8, i), "Europe/Berlin"));
        }
        try (Connection c = direct()) {
            c.setAutoCommit(false);
            long[] ids = new long[events.size()];
            for (int i = 0; i < ids.length; i++) {
                try (ResultSet rs = c.createStatement().executeQuery("select nextval('outbox_event_id_seq')")) {
                    rs.next();
                    ids[i] = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into outbox_event (id, event_id, topic, message_key, event_type, payload) values (?, ?, ?, ?, ?, ?)")) {
                for (int i = events.size() - 1; i >= 0; i--) {
                    EventEnvelope e = events.get(i);
                    ps.setLong(1, ids[i]);
                    ps.setObject(2, e.eventId());
                    ps.setString(3, Topics.JOURNAL_ENTRY_EVENTS);
                    ps.setString(4, e.userId());
                    ps.setString(5, e.type());
                    ps.setBytes(6, EventJson.encode(e));
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
        relay.wakeUp();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (EventEnvelope e : events) {
                if (outboxRows(e.eventId()) > 0) {
                    return false;
                }
            }
            return true;
        });
        java.util.Set<UUID> unread = new java.util.HashSet<>(events.stream().map(EventEnvelope::eventId).toList());
        var published = TestKafka.readFromBeginning(Topics.JOURNAL_ENTRY_EVENTS, r -> {
            if (a.equals(r.key()) || b.equals(r.key())) {
                unread.remove(EventJson.decode(r.value()).eventId());
            }
            return unread.isEmpty();
        }, Duration.ofSeconds(20));
        for (String person : List.of(a, b)) {
            List<UUID> expected = events.stream().filter(e -> e.userId().equals(person)).map(EventEnvelope::eventId).toList();
            List<UUID> order = published.stream().filter(r -> person.equals(r.key()))
                    .map(r -> EventJson.decode(r.value()).eventId()).distinct().toList();
            assertEquals(expected, order, person + "'s events in the order they were committed");
        }
    }

    private static EventEnvelope languageChosen(String who, String locale) {
        return EventEnvelope.of(UUID.randomUUID(), java.time.Instant.parse("2026-12-01T08:00:00Z"), who + "-" + UUID.randomUUID(),
                null, new LanguageChosen(locale));
    }

    /** The language the test application stored for the person (LanguageChosenConsumer), read past the proxy. */
    private static String directLocale(String userId) throws Exception {
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement("select locale from test_person_locale where user_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static EventEnvelope event(String who) {
        return TestEvents.recorded(who + "-" + UUID.randomUUID(), Practice.BODY_ANCHOR, LocalDateTime.of(2026, 11, 30, 21, 40), "Europe/Berlin");
    }

    /** Reads the database directly, not through the proxy: the test sees the truth while the application cannot. */
    private static Connection direct() throws Exception {
        var db = SharedInfrastructure.database("platform");
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static int directApplications(UUID eventId) throws Exception {
        return count("select count(*) from test_effect where event_id = ?", eventId);
    }

    private static int outboxRows(UUID eventId) throws Exception {
        return count("select count(*) from outbox_event where event_id = ?", eventId);
    }

    private static int count(String sql, UUID eventId) throws Exception {
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void insertOutboxRowDirectly(EventEnvelope event) throws Exception {
        try (Connection c = direct(); PreparedStatement ps = c.prepareStatement(
                "insert into outbox_event (event_id, topic, message_key, event_type, payload) values (?, ?, ?, ?, ?)")) {
            ps.setObject(1, event.eventId());
            ps.setString(2, Topics.JOURNAL_ENTRY_EVENTS);
            ps.setString(3, event.userId());
            ps.setString(4, event.type());
            ps.setBytes(5, EventJson.encode(event));
            ps.executeUpdate();
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
