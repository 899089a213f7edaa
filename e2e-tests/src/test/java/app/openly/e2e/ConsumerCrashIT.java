package app.openly.e2e;

import app.openly.events.EntryRecorded;
import app.openly.events.EventJson;
import app.openly.events.EventType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * reminder-service killed (SIGKILL) after it applied an event and before it committed the event's offset: after the
 * restart Kafka delivers the event again, and it is applied once (the ledger sees the redelivery).
 */
class ConsumerCrashIT {

    private final OpenlyStack stack = OpenlyStack.get();

    @Test
    void aConsumerKilledBetweenApplyingAndCommittingAppliesTheEventOnceAfterItsRestart() {
        Person cleo = stack.newPerson("Europe/Berlin");
        LocalDate day = LocalDate.now(cleo.zone()).minusDays(1);
        ConsumerRecord<String, byte[]> caught = null;
        int entries = 0;
        // The consumer commits offsets on a beat (every few seconds): almost always the kill lands before the commit.
        // When the commit was quicker, the kill proved nothing — write another entry and try again.
        for (int attempt = 0; attempt < 5 && caught == null; attempt++) {
            String entryId = cleo.recordBodyAnchor(LocalDateTime.of(day, LocalTime.of(7, attempt)), 6);
            entries++;
            ConsumerRecord<String, byte[]> record = recordOf(cleo, entryId);
            UUID eventId = EventJson.decode(record.value()).eventId();
            await("reminder applied the event").atMost(OpenlyStack.SETTLE).pollInterval(Duration.ofMillis(10)).until(() ->
                    stack.db("reminder").number("select count(*) from processed_event where event_id = ?", eventId) == 1);
            stack.reminder.kill();
            if (KafkaLog.committedOffset(KafkaLog.REMINDER_GROUP, record.topic(), record.partition()) <= record.offset()) {
                caught = record;
            } else {
                stack.reminder.start().awaitReady(OpenlyStack.START_TIMEOUT);
            }
        }
        assertTrue(caught != null, "the kill never landed between the apply and the offset commit");

        stack.reminder.start().awaitReady(OpenlyStack.START_TIMEOUT);
        ConsumerRecord<String, byte[]> redelivered = caught;
        await("the restarted consumer went past the event").atMost(OpenlyStack.SETTLE)
                .until(() -> KafkaLog.committedPast(KafkaLog.REMINDER_GROUP, redelivered));
        // Applied once: one entry seen per entry written...
        int written = entries;
        cleo.reminder().get("/api/v1/reminders/activity").then().statusCode(200).body("", hasSize(1))
                .body("[0].entriesSeen", equalTo(written));
        // ...although it was delivered again: the new process recognised the redelivery as a duplicate.
        assertTrue(stack.reminder.metric("openly_entry_events_total", "outcome", "duplicate") >= 1,
                "the redelivery reached the restarted consumer");
        assertEquals(1, stack.db("reminder").number("select count(*) from processed_event where event_id = ?",
                EventJson.decode(redelivered.value()).eventId()));
    }

    static ConsumerRecord<String, byte[]> recordOf(Person person, String entryId) {
        ConsumerRecord<String, byte[]>[] found = new ConsumerRecord[1];
        await("the entry's event is on the log").atMost(OpenlyStack.SETTLE).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (var r : KafkaLog.journalRecordsOf(person)) {
                var e = EventJson.decode(r.value());
                if (e.eventType() == EventType.ENTRY_RECORDED
                        && ((EntryRecorded) e.payload()).entry().entryId().toString().equals(entryId)) {
                    found[0] = r;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
