package app.openly.reminder;

import app.openly.events.EventJson;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestMetrics;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Entry events arrive over the real broker, are applied once, and poison records go to the DLQ. */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class EntryEventsConsumerTest {

    @Test
    void anEntryEventBecomesVisibleOverRest() {
        String user = "r-" + UUID.randomUUID();
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse("2026-11-24T21:40:00"), "Europe/Berlin"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/activity")
                        .then().statusCode(200)
                        .body("", hasSize(1))
                        .body("[0].practice", equalTo("RITUAL_OF_OPENNESS"))
                        .body("[0].lastLocalTime", equalTo("21:40:00")));
        // Someone else sees nothing of it.
        given().auth().oauth2(TestTokens.forUser("other-" + UUID.randomUUID())).get("/api/v1/reminders/activity")
                .then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() {
        double duplicatesBefore = TestMetrics.value("openly_entry_events_total", "outcome", "duplicate");
        String user = "r-" + UUID.randomUUID();
        var event = TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T07:10:00"), "Europe/Berlin");
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, event);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, event); // the same event id again
        // A later, different event on the same key (same partition) proves the duplicate was already consumed.
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.HONEST_SENTENCE, LocalDateTime.parse("2026-11-24T12:00:00"), "Europe/Berlin"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/activity")
                        .then().statusCode(200)
                        .body("", hasSize(2))
                        .body("find { it.practice == 'BODY_ANCHOR' }.entriesSeen", equalTo(1)));
        assertTrue(TestMetrics.value("openly_entry_events_total", "outcome", "duplicate") >= duplicatesBefore + 1,
                "the redelivery is counted as a duplicate");
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndThePartitionMovesOn() {
        double deadLetteredBefore = TestMetrics.value("openly_entry_events_total", "outcome", "dead-lettered");
        String user = "r-" + UUID.randomUUID();
        byte[] poison = ("{\"not\":\"an event of " + user + "\"}").getBytes(StandardCharsets.UTF_8);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, user, poison);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.PRESENT_LISTENING, LocalDateTime.parse("2026-11-24T18:00:00"), "Europe/Berlin"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/activity")
                        .then().statusCode(200).body("", hasSize(1)));
        var dlq = TestKafka.readFromBeginning(Topics.dlq(Topics.JOURNAL_ENTRY_EVENTS),
                r -> Arrays.equals(poison, r.value()), Duration.ofSeconds(20));
        assertTrue(dlq.stream().anyMatch(r -> Arrays.equals(poison, r.value())), "poison record on the DLQ");
        // Counted where operators alert on it (deploy/base/monitoring).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(
                TestMetrics.value("openly_entry_events_total", "outcome", "dead-lettered") >= deadLetteredBefore + 1));
    }

    @Test
    void userErasedRemovesEverythingOfThatPerson() {
        String user = "r-" + UUID.randomUUID();
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T07:10:00"), "Europe/Berlin"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/activity")
                        .then().body("", hasSize(1)));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.erased(user));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/activity")
                        .then().body("", hasSize(0)));
    }
}
