package app.openly.e2e;

import app.openly.events.EventType;
import app.openly.events.Topics;
import app.openly.testsupport.TestKafka;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * journal → Kafka → reminder and insights, from a real {@code POST /api/v1/entries} against the packaged jars:
 * the entry is applied by both consumers, once, and its words stay in journal (encrypted).
 */
class EntryJourneyIT {

    private final OpenlyStack stack = OpenlyStack.get();

    @Test
    void anEntryPostedToJournalReachesReminderAndInsightsOnceAndItsWordsStayInJournal() {
        Person anna = stack.newPerson("Europe/Berlin");
        // Yesterday in her zone, taken once: never "in the future", and the same date however long the test runs.
        LocalDate day = LocalDate.now(anna.zone()).minusDays(1);
        String secret = "the words only Anna may read " + anna.id();

        anna.recordBodyAnchor(LocalDateTime.of(day, LocalTime.of(7, 10)), 8);
        anna.record(anna.entryJson("HONEST_SENTENCE", LocalDateTime.of(day, LocalTime.of(21, 40)),
                "\"sentence\":\"" + secret + "\",\"courage\":4"), stack.journal);

        await("reminder saw both entries").atMost(OpenlyStack.SETTLE).untilAsserted(() -> anna.reminder().get("/api/v1/reminders/activity")
                .then().statusCode(200).body("", hasSize(2))
                .body("find { it.practice == 'BODY_ANCHOR' }.entriesSeen", equalTo(1))
                .body("find { it.practice == 'BODY_ANCHOR' }.lastLocalTime", equalTo("07:10:00"))
                .body("find { it.practice == 'HONEST_SENTENCE' }.entriesSeen", equalTo(1))
                .body("find { it.practice == 'HONEST_SENTENCE' }.lastLocalDate", equalTo(day.toString())));
        await("insights counted both entries on her day").atMost(OpenlyStack.SETTLE).untilAsserted(() -> anna.insights()
                .queryParam("from", day.toString()).queryParam("to", day.toString()).get("/api/v1/insights/days")
                .then().statusCode(200).body("", hasSize(2))
                .body("find { it.practice == 'BODY_ANCHOR' }.entries", equalTo(1))
                .body("find { it.practice == 'HONEST_SENTENCE' }.entries", equalTo(1))
                .body("localDate", equalTo(java.util.List.of(day.toString(), day.toString()))));

        // Exactly two events on the log (read to its end), both EntryRecorded, neither carrying the words.
        var records = KafkaLog.journalRecordsOf(anna);
        assertEquals(2, records.size(), "one event per entry");
        records.forEach(r -> assertEquals(EventType.ENTRY_RECORDED, app.openly.events.EventJson.decode(r.value()).eventType()));
        assertTrue(TestKafka.readToEnd(Topics.JOURNAL_ENTRY_EVENTS).stream()
                .noneMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(secret)), "the words were never on Kafka");
        // Nowhere in any service's tables in the clear (journal keeps them encrypted), nor in any service's log.
        for (Database db : stack.databases()) {
            assertEquals(java.util.Map.of(), db.rowsMentioning(secret), "the words in " + db);
        }
        for (ServiceProcess s : java.util.List.of(stack.journal, stack.reminder, stack.insights)) {
            assertFalse(s.logText().contains(secret), "the words in the log of " + s.name());
        }
        // And journal gives them back to her.
        anna.journal().get("/api/v1/entries").then().statusCode(200)
                .body("items.find { it.practice == 'HONEST_SENTENCE' }.sentence", equalTo(secret));
    }
}
