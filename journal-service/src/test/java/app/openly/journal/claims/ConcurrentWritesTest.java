package app.openly.journal.claims;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.EventType;
import app.openly.events.Topics;
import app.openly.journal.JournalTestInfrastructure;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many requests of one person at the same moment, over HTTP against the real database and broker: one
 * Idempotency-Key makes one entry, If-Match lets exactly one of simultaneous edits win, and every entry's
 * events reach Kafka in the order its writes committed. Counts are exact: events are read to the end of the
 * topic once the outbox is drained.
 */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class ConcurrentWritesTest {

    private static final int THREADS = 8;

    @Inject
    AgroalDataSource dataSource;

    private static String body(String at, String sentence) {
        return """
                {"practice":"HONEST_SENTENCE","occurredAt":"%s","timeZone":"Europe/Berlin","sentence":"%s","courage":3}"""
                .formatted(at, sentence);
    }

    /** Runs {@code task} on THREADS threads released at the same instant. */
    private static <T> List<T> atOnce(Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void simultaneousRetriesWithOneIdempotencyKeyMakeOneEntryAndOneEvent() throws Exception {
        String user = "idem-" + UUID.randomUUID();
        String token = TestTokens.forUser(user, "org-acme");
        String key = "retry-" + UUID.randomUUID();
        String request = body("2026-11-24T08:00:00+01:00", "one sentence, sent many times");

        List<Response> answers = atOnce(() -> given().auth().oauth2(token).contentType("application/json")
                .header("Idempotency-Key", key).body(request).post("/api/v1/entries"));

        for (Response r : answers) {
            assertEquals(201, r.statusCode(), r.asString());
        }
        assertEquals(1, answers.stream().map(r -> r.<String>path("id")).distinct().count(), "every retry answers the same entry");
        given().auth().oauth2(token).get("/api/v1/entries").then().body("items", hasSize(1));
        List<EventEnvelope> events = TestKafka.publishedEventsOf(Topics.JOURNAL_ENTRY_EVENTS, user, dataSource, Duration.ofSeconds(30));
        assertEquals(1, events.size(), "one entry, one event");
    }

    @Test
    void ofSimultaneousEditsWithTheSameIfMatchExactlyOneWins() throws Exception {
        String user = "ifm-" + UUID.randomUUID();
        String token = TestTokens.forUser(user, "org-acme");
        String id = given().auth().oauth2(token).contentType("application/json").body(body("2026-11-24T08:00:00+01:00", "first"))
                .post("/api/v1/entries").then().statusCode(201).extract().path("id");

        List<Integer> statuses = atOnce(() -> given().auth().oauth2(token).contentType("application/json")
                .header("If-Match", "\"1\"").body(body("2026-11-24T08:00:00+01:00", "edit " + UUID.randomUUID()))
                .put("/api/v1/entries/" + id).statusCode());

        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "one edit wins: " + statuses);
        assertEquals(THREADS - 1, statuses.stream().filter(s -> s == 412).count(), "every other one is told it is stale: " + statuses);
        given().auth().oauth2(token).get("/api/v1/entries/" + id).then().statusCode(200).body("version", equalTo(2));
        List<EventEnvelope> events = TestKafka.publishedEventsOf(Topics.JOURNAL_ENTRY_EVENTS, user, dataSource, Duration.ofSeconds(30));
        assertEquals(List.of(EventType.ENTRY_RECORDED, EventType.ENTRY_REVISED), events.stream().map(EventEnvelope::eventType).toList());
    }

    @Test
    void underConcurrentWritesOfOnePersonEveryEntrysEventsArriveInCommitOrder() throws Exception {
        String user = "order-" + UUID.randomUUID();
        String token = TestTokens.forUser(user, "org-acme");

        // Each thread writes its own entry three times (create, edit, delete), all threads at once: the person's
        // writes interleave, and each entry's three events must still arrive in the order they committed.
        List<String> ids = atOnce(() -> {
            String id = given().auth().oauth2(token).contentType("application/json")
                    .body(body("2026-11-24T08:00:00+01:00", "v1")).post("/api/v1/entries").then().statusCode(201).extract().path("id");
            given().auth().oauth2(token).contentType("application/json").header("If-Match", "\"1\"")
                    .body(body("2026-11-23T08:00:00+01:00", "v2")).put("/api/v1/entries/" + id).then().statusCode(200);
            given().auth().oauth2(token).header("If-Match", "\"2\"").delete("/api/v1/entries/" + id).then().statusCode(204);
            return id;
        });

        List<EventEnvelope> events = TestKafka.publishedEventsOf(Topics.JOURNAL_ENTRY_EVENTS, user, dataSource, Duration.ofSeconds(60));
        assertEquals(3 * THREADS, events.size(), "three events per entry, each once");
        Map<String, List<String>> perEntry = new HashMap<>();
        for (EventEnvelope e : events) {
            String entry;
            long version;
            if (e.payload() instanceof EntryRecorded r) {
                entry = r.entry().entryId().toString();
                version = r.entry().version();
            } else if (e.payload() instanceof EntryRevised r) {
                entry = r.entry().entryId().toString();
                version = r.entry().version();
            } else {
                EntryDeleted d = (EntryDeleted) e.payload();
                entry = d.entryId().toString();
                version = d.version();
            }
            perEntry.computeIfAbsent(entry, k -> new ArrayList<>()).add(e.eventType() + "@" + version);
        }
        assertEquals(new java.util.HashSet<>(ids), perEntry.keySet());
        perEntry.forEach((entry, seen) -> assertEquals(
                List.of("ENTRY_RECORDED@1", "ENTRY_REVISED@2", "ENTRY_DELETED@3"), seen, "events of entry " + entry));
    }
}
