package app.openly.e2e;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two journal-service instances (two replicas: two relays, two HTTP servers) on one database: each person's
 * events keep their commit order on Kafka with no duplicate, a re-send after a relay crash between the broker's ack
 * and the delete is absorbed by both consumers, and the write budget is one budget.
 */
class TwoJournalInstancesIT {

    private static OpenlyStack stack;
    private static ServiceProcess second;

    @BeforeAll
    static void startASecondJournal() {
        stack = OpenlyStack.get();
        second = stack.startAnotherJournal("journal-2");
    }

    @AfterAll
    static void stopIt() {
        if (second != null) {
            second.stop();
        }
    }

    @Test
    void twoRelaysOnOneOutboxKeepEachPersonsOrderWithoutDuplicates() throws Exception {
        Person dana = stack.newPerson("Europe/Berlin");
        LocalDate day = LocalDate.now(dana.zone()).minusDays(1);
        List<ServiceProcess> instances = List.of(stack.journal, second);

        // One entry edited alternately through both instances: versions 1..10, one after the other.
        List<String> chain = new ArrayList<>();
        String shared = dana.record(entry(dana, day, 0), stack.journal);
        chain.add(shared + "@1");
        for (int v = 2; v <= 10; v++) {
            dana.as(instances.get(v % 2)).header("If-Match", "\"" + (v - 1) + "\"").body(entry(dana, day, v))
                    .put("/api/v1/entries/" + shared).then().statusCode(200);
            chain.add(shared + "@" + v);
        }
        // Then both instances at once, each writing its own sequence (create, edit, edit, delete) twice.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<List<String>>> sequences = new ArrayList<>();
        for (ServiceProcess instance : instances) {
            sequences.add(pool.submit((Callable<List<String>>) () -> {
                List<String> mine = new ArrayList<>();
                for (int round = 0; round < 2; round++) {
                    String id = dana.record(entry(dana, day, 20 + round), instance);
                    mine.add(id + "@1");
                    for (int v = 2; v <= 3; v++) {
                        dana.as(instance).header("If-Match", "\"" + (v - 1) + "\"").body(entry(dana, day, 30 + v))
                                .put("/api/v1/entries/" + id).then().statusCode(200);
                        mine.add(id + "@" + v);
                    }
                    dana.as(instance).header("If-Match", "\"3\"").delete("/api/v1/entries/" + id).then().statusCode(204);
                    mine.add(id + "@4");
                }
                return mine;
            }));
        }
        List<List<String>> expectedOrders = new ArrayList<>(List.of(chain));
        for (Future<List<String>> f : sequences) {
            expectedOrders.add(f.get());
        }
        pool.shutdown();
        int written = expectedOrders.stream().mapToInt(List::size).sum();

        awaitOutboxDrained(dana);
        List<String> log = KafkaLog.journalRecordsOf(dana).stream().map(r -> entryAtVersion(EventJson.decode(r.value()))).toList();
        List<java.util.UUID> eventIds = KafkaLog.journalRecordsOf(dana).stream().map(r -> EventJson.decode(r.value()).eventId()).toList();
        assertEquals(eventIds.size(), new HashSet<>(eventIds).size(), "no event published twice: " + log);
        assertEquals(written, log.size(), "every write published once: " + log);
        for (List<String> order : expectedOrders) {
            List<String> asPublished = log.stream().filter(order::contains).toList();
            assertEquals(order, asPublished, "each sequence of writes appears in the order it was committed");
        }
    }

    @Test
    void aRelayCrashBetweenSendAndDeleteResendsAndBothConsumersAbsorbTheDuplicate() {
        Person eli = stack.newPerson("America/New_York");
        LocalDate day = LocalDate.now(eli.zone()).minusDays(1);
        String entryId = eli.recordBodyAnchor(LocalDateTime.of(day, LocalTime.of(6, 45)), 7);
        await("both consumers applied the entry").atMost(OpenlyStack.SETTLE).untilAsserted(() -> {
            eli.reminder().get("/api/v1/reminders/activity").then().statusCode(200).body("[0].entriesSeen", equalTo(1));
            eli.insights().get("/api/v1/insights/days").then().statusCode(200).body("[0].entries", equalTo(1));
        });
        ConsumerRecord<String, byte[]> sent = ConsumerCrashIT.recordOf(eli, entryId);
        EventEnvelope event = EventJson.decode(sent.value());

        // The state a relay leaves when it dies after the broker acknowledged a batch and before it deleted the rows:
        // the row is still in the outbox although its event is on the log. Whichever relay runs next sends it again.
        stack.db("journal").update("insert into outbox_event (event_id, topic, message_key, event_type, payload) values (?, ?, ?, ?, ?)",
                event.eventId(), Topics.JOURNAL_ENTRY_EVENTS, eli.id(), event.type(), sent.value());
        awaitOutboxDrained(eli);
        List<ConsumerRecord<String, byte[]>> copies = KafkaLog.journalRecordsOf(eli).stream()
                .filter(r -> EventJson.decode(r.value()).eventId().equals(event.eventId())).toList();
        assertEquals(2, copies.size(), "the event is on the log twice");
        ConsumerRecord<String, byte[]> duplicate = copies.get(1);
        await("both consumers went past the duplicate").atMost(OpenlyStack.SETTLE).until(() ->
                KafkaLog.committedPast(KafkaLog.REMINDER_GROUP, duplicate) && KafkaLog.committedPast(KafkaLog.INSIGHTS_GROUP, duplicate));

        eli.reminder().get("/api/v1/reminders/activity").then().statusCode(200).body("", hasSize(1)).body("[0].entriesSeen", equalTo(1));
        eli.insights().get("/api/v1/insights/days").then().statusCode(200).body("", hasSize(1)).body("[0].entries", equalTo(1));
        for (String service : List.of("reminder", "insights")) {
            assertEquals(1, stack.db(service).number("select count(*) from processed_event where event_id = ?", event.eventId()));
        }
    }

    @Test
    void theWriteBudgetIsOneBudgetAcrossTwoInstances() throws Exception {
        Person fay = stack.newPerson("Europe/Berlin");
        LocalDate day = LocalDate.now(fay.zone()).minusDays(1);
        int perMinute = 60; // journal's default openly.journal.rate-limit.writes-per-minute, which the stack keeps
        long started = System.nanoTime();
        fay.record(entry(fay, day, 0), stack.journal); // her budget row exists from here: 59 writes left

        int attempts = 120;
        AtomicInteger next = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            running.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < attempts; i = next.getAndIncrement()) {
                    ServiceProcess instance = i % 2 == 0 ? stack.journal : second;
                    int status = fay.as(instance).body(entry(fay, day, 1 + i % 50)).post("/api/v1/entries").statusCode();
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;

        int accepted = statuses.getOrDefault(201, new AtomicInteger()).get();
        int refused = statuses.getOrDefault(429, new AtomicInteger()).get();
        assertEquals(attempts, accepted + refused, "every answer is 201 or 429: " + statuses);
        // The bucket holds 60 and refills one per second: since the first write, at most 59 + the refill could pass.
        int allowed = perMinute - 1 + (int) Math.ceil(seconds * perMinute / 60.0);
        assertTrue(accepted >= perMinute - 1, "the whole budget was usable: " + accepted + " accepted");
        assertTrue(accepted <= allowed, accepted + " writes accepted in " + seconds + " s through two instances; one budget allows " + allowed);
        // What was refused wrote nothing: one event per accepted write (plus the first), exactly.
        awaitOutboxDrained(fay);
        assertEquals(accepted + 1, KafkaLog.journalRecordsOf(fay).size());
    }

    private static String entry(Person p, LocalDate day, int minute) {
        return p.entryJson("BODY_ANCHOR", LocalDateTime.of(day, LocalTime.of(8, minute % 60)), "\"breaths\":" + (3 + minute % 9));
    }

    private static void awaitOutboxDrained(Person p) {
        await("the outbox holds no event of " + p).atMost(OpenlyStack.SETTLE).pollInterval(Duration.ofMillis(100)).until(() ->
                stack.db("journal").number("select count(*) from outbox_event where message_key = ?", p.id()) == 0);
    }

    private static String entryAtVersion(EventEnvelope e) {
        if (e.payload() instanceof EntryRecorded r) {
            return r.entry().entryId() + "@" + r.entry().version();
        }
        if (e.payload() instanceof EntryRevised r) {
            return r.entry().entryId() + "@" + r.entry().version();
        }
        if (e.payload() instanceof EntryDeleted d) {
            return d.entryId() + "@" + d.version();
        }
        return e.eventType().name();
    }
}
