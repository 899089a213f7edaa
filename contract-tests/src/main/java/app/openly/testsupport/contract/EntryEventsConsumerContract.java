package app.openly.testsupport.contract;

import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.platform.privacy.PersonalData;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestMetrics;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every consumer of {@code journal.entry-events} promises, over the real broker: a redelivered event is
 * applied once, a poison record goes to the dead-letter topic and the partition moves on, and
 * {@code UserErased} leaves nothing of the person in any table of the service's catalogue — and an event
 * redelivered after it re-creates nothing. A service's test class extends this one ({@code @QuarkusTest}
 * with its infrastructure) and says how a person's applied events show over its REST API.
 */
public abstract class EntryEventsConsumerContract {

    private static final String METRIC = "openly_entry_events_total";

    @Inject
    protected PersonalData personalData;

    /** A prefix for the test people of this service (keeps them apart in logs). */
    protected abstract String personPrefix();

    /** The person's applied events as the service shows them: a JSON array, one element per practice/day seen. */
    protected abstract ValidatableResponse view(String userId);

    /**
     * After {@link #bodyAnchorOnTuesdayMorning} was delivered twice and {@link #honestSentenceOnMonday} once: the
     * service shows each once (e.g. one entry on that day, one entry seen of that practice).
     */
    protected abstract void assertEachAppliedOnce(ValidatableResponse view);

    protected EventEnvelope bodyAnchorOnTuesdayMorning(String user) {
        return TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T07:10:00"), "Europe/Berlin");
    }

    protected EventEnvelope honestSentenceOnMonday(String user) {
        return TestEvents.recorded(user, Practice.HONEST_SENTENCE, LocalDateTime.parse("2026-11-23T12:00:00"), "Europe/Berlin");
    }

    protected String newPerson() {
        return personPrefix() + UUID.randomUUID();
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() {
        double duplicatesBefore = TestMetrics.value(METRIC, "outcome", "duplicate");
        String user = newPerson();
        var event = bodyAnchorOnTuesdayMorning(user);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, event);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, event); // the same event id again
        // A later, different event on the same key (same partition) proves the duplicate was already consumed.
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, honestSentenceOnMonday(user));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEachAppliedOnce(view(user).body("", hasSize(2))));
        assertTrue(TestMetrics.value(METRIC, "outcome", "duplicate") >= duplicatesBefore + 1,
                "the redelivery is counted as a duplicate");
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndThePartitionMovesOn() {
        double deadLetteredBefore = TestMetrics.value(METRIC, "outcome", "dead-lettered");
        String user = newPerson();
        byte[] notAnEvent = ("{\"not\":\"an event of " + user + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] garbage = ("garbage for " + user).getBytes(StandardCharsets.UTF_8);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, user, notAnEvent);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, user, garbage);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, bodyAnchorOnTuesdayMorning(user));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> view(user).body("", hasSize(1)));
        // Both poison records are on the DLQ, each exactly once (read to the end of the topic).
        var dlq = TestKafka.readToEnd(Topics.dlq(Topics.JOURNAL_ENTRY_EVENTS));
        assertEquals(1, dlq.stream().filter(r -> Arrays.equals(notAnEvent, r.value())).count(), "the JSON that is no event, once");
        assertEquals(1, dlq.stream().filter(r -> Arrays.equals(garbage, r.value())).count(), "the garbage, once");
        // Counted where operators alert on it (deploy/base/monitoring).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(
                TestMetrics.value(METRIC, "outcome", "dead-lettered") >= deadLetteredBefore + 2));
    }

    @Test
    void userErasedLeavesNothingInAnyTableAndALateRedeliveryCreatesNothing() {
        String user = newPerson();
        var recorded = bodyAnchorOnTuesdayMorning(user);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, recorded);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> view(user).body("", hasSize(1)));
        assertTrue(personalData.of(user).values().stream().anyMatch(rows -> !rows.isEmpty()), "the service kept something first");

        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.erased(user));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> view(user).body("", hasSize(0)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> personalData.of(user).forEach((table, rows) ->
                assertEquals(0, rows.size(), table + " still holds rows of the erased person: " + rows)));

        // The event from before the erasure arrives again (a consumer rewound, a relay re-sent it): the ledger
        // knows it, so nothing of the person is re-created.
        double duplicatesBefore = TestMetrics.value(METRIC, "outcome", "duplicate");
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, recorded);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertTrue(TestMetrics.value(METRIC, "outcome", "duplicate") >= duplicatesBefore + 1, "the late copy was consumed"));
        personalData.of(user).forEach((table, rows) -> assertEquals(0, rows.size(), table + " re-created by a late event: " + rows));
        view(user).body("", hasSize(0));
    }
}
