package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.LanguageChosen;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The dead-letter hook of {@link FactRecords}: told once, with the reason, only when a record is given up. */
class FactRecordsTest {

    private static final Logger LOG = Logger.getLogger(FactRecordsTest.class);

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("reminders.due", 0, 7L, key, value);
    }

    @Test
    void aRecordThatIsNotAnEventIsReportedInvalidAndRethrown() {
        List<String> reasons = new ArrayList<>();
        assertThrows(RuntimeException.class, () -> FactRecords.decodeOrDeadLetter(
                record("p-1", "not an event".getBytes(StandardCharsets.UTF_8)), LOG, reasons::add));
        assertEquals(List.of(FactRecords.INVALID), reasons);
    }

    @Test
    void aRecordKeyedByAnotherPersonIsReportedInvalid() {
        EventEnvelope event = EventEnvelope.of(UUID.randomUUID(), Instant.parse("2026-12-01T08:00:00Z"), "p-1", null,
                new LanguageChosen("de"));
        List<String> reasons = new ArrayList<>();
        assertThrows(RuntimeException.class, () -> FactRecords.decodeOrDeadLetter(record("p-2", EventJson.encode(event)), LOG, reasons::add));
        assertEquals(List.of(FactRecords.INVALID), reasons);

        assertEquals(event.eventId(), FactRecords.decodeOrDeadLetter(record("p-1", EventJson.encode(event)), LOG, reasons::add).eventId());
        assertEquals(List.of(FactRecords.INVALID), reasons, "a valid record is not reported");
    }

    @Test
    void aFailureThatPassesIsRetriedAndNotReported() {
        List<String> reasons = new ArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        FactRecords.retryTransient(UUID.randomUUID(), "test work", () -> {
            if (runs.incrementAndGet() < 3) {
                throw new IllegalStateException("database away");
            }
        }, LOG, reasons::add);
        assertEquals(3, runs.get());
        assertEquals(List.of(), reasons);
    }

    @Test
    void aFailureThatLastsEveryAttemptIsReportedFailingAndRethrown() {
        List<String> reasons = new ArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> FactRecords.retryTransient(UUID.randomUUID(),
                "test work", () -> {
                    runs.incrementAndGet();
                    throw new IllegalStateException("database away");
                }, LOG, reasons::add));
        assertEquals("database away", thrown.getMessage());
        assertEquals(FactRecords.ATTEMPTS, runs.get());
        assertEquals(List.of(FactRecords.FAILING), reasons);
    }
}
