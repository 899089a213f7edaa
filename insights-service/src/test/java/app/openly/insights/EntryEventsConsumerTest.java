package app.openly.insights;

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
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Entry events arrive over the real broker, are applied exactly once, and poison records go to the DLQ. */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class EntryEventsConsumerTest {

    private static io.restassured.response.ValidatableResponse days(String user) {
        return given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/insights/days").then().statusCode(200);
    }

    @Test
    void anEntryEventBecomesVisibleOverRest() {
        String user = "i-" + UUID.randomUUID();
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.HONEST_SENTENCE, LocalDateTime.parse("2026-11-24T23:50:00"), "America/New_York"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> days(user)
                .body("", hasSize(1))
                .body("[0].localDate", equalTo("2026-11-24"))
                .body("[0].practice", equalTo("HONEST_SENTENCE"))
                .body("[0].entries", equalTo(1)));
        days("other-" + UUID.randomUUID()).body("", hasSize(0));
    }

    @Test
    void aRedeliveredEventIsCountedOnce() {
        String user = "i-" + UUID.randomUUID();
        var event = TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T07:10:00"), "Europe/Berlin");
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, event);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, event);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-23T07:10:00"), "Europe/Berlin"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> days(user)
                .body("", hasSize(2))
                .body("find { it.localDate == '2026-11-24' }.entries", equalTo(1)));
    }

    @Test
    void revisionsMoveAnEntryBetweenDaysAndStaleEventsAreIgnored() {
        String user = "i-" + UUID.randomUUID();
        UUID entry = UUID.randomUUID();
        var v1 = TestEvents.facts(entry, 1, Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse("2026-11-24T21:00:00"), "Europe/Berlin", null, List.of());
        var v2 = TestEvents.facts(entry, 2, Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse("2026-11-22T21:00:00"), "Europe/Berlin", null, List.of());
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, null, v1));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.revised(user, null, v2, v1.localDate()));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, null, v1)); // late copy of v1, new event id
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> days(user)
                .body("", hasSize(1))
                .body("[0].localDate", equalTo("2026-11-22")));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.deleted(user, null, v2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> days(user).body("", hasSize(0)));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndThePartitionMovesOn() {
        double deadLetteredBefore = TestMetrics.value("openly_entry_events_total", "outcome", "dead-lettered");
        String user = "i-" + UUID.randomUUID();
        byte[] poison = ("garbage for " + user).getBytes(StandardCharsets.UTF_8);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, user, poison);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.PRESENT_LISTENING, LocalDateTime.parse("2026-11-24T18:00:00"), "Europe/Berlin"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> days(user).body("", hasSize(1)));
        var dlq = TestKafka.readFromBeginning(Topics.dlq(Topics.JOURNAL_ENTRY_EVENTS),
                r -> Arrays.equals(poison, r.value()), Duration.ofSeconds(20));
        assertTrue(dlq.stream().anyMatch(r -> Arrays.equals(poison, r.value())), "poison record on the DLQ");
        // Counted where operators alert on it (deploy/base/monitoring).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(
                TestMetrics.value("openly_entry_events_total", "outcome", "dead-lettered") >= deadLetteredBefore + 1));
    }

    @Test
    void badQueryParametersAreProblems() {
        given().auth().oauth2(TestTokens.forUser("i-" + UUID.randomUUID())).get("/api/v1/insights/days?from=yesterday")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("from"));
        given().get("/api/v1/insights/days").then().statusCode(401);
    }
}
