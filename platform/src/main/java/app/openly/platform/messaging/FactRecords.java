package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * What every single-record consumer of a fact topic does around its own work (reminder's deliveries and letters,
 * journal's and insights' languages): decode the record as an event whose key is its person, or dead-letter it; and
 * retry a transient failure (the database) with capped backoff rather than dead-letter a good event.
 */
public final class FactRecords {

    /** How often a transient failure is tried before the record goes to the DLQ after all. */
    public static final int ATTEMPTS = 6;

    private FactRecords() {
    }

    /**
     * Told when a record is given up and goes to the dead-letter queue, with why: {@link #INVALID} (not a valid event)
     * or {@link #FAILING} (a failure that lasted all {@link #ATTEMPTS}). A consumer counts its dead letters with it.
     */
    @FunctionalInterface
    public interface DeadLetterHook {
        DeadLetterHook NONE = reason -> {
        };

        void deadLettered(String reason);
    }

    /** The {@link DeadLetterHook}'s reason for a record that is not a valid event. */
    public static final String INVALID = "invalid";
    /** The {@link DeadLetterHook}'s reason for a record whose work kept failing. */
    public static final String FAILING = "failing";

    /**
     * The record's event; a record that is not a valid event (or whose key is not the event's person) is logged by
     * its coordinates only — never its bytes — and the exception rethrown, so the channel dead-letters it.
     */
    public static EventEnvelope decodeOrDeadLetter(ConsumerRecord<String, byte[]> record, Logger log) {
        return decodeOrDeadLetter(record, log, DeadLetterHook.NONE);
    }

    /** {@link #decodeOrDeadLetter(ConsumerRecord, Logger)}, telling {@code hook} ({@link #INVALID}) before rethrowing. */
    public static EventEnvelope decodeOrDeadLetter(ConsumerRecord<String, byte[]> record, Logger log, DeadLetterHook hook) {
        try {
            EventEnvelope event = EventJson.decode(record.value());
            if (record.key() != null && !record.key().equals(event.userId())) {
                throw new InvalidEventException("record key does not match the event's user id");
            }
            return event;
        } catch (RuntimeException e) {
            log.warnf("%s record at %d@%d is not a valid event, dead-lettered: %s", record.topic(), record.partition(),
                    record.offset(), e.getClass().getSimpleName());
            hook.deadLettered(INVALID);
            throw e;
        }
    }

    /** Runs {@code apply} (idempotent), retrying a failure up to {@link #ATTEMPTS} times with capped backoff. */
    public static void retryTransient(UUID eventId, String what, Runnable apply, Logger log) {
        retryTransient(eventId, what, apply, log, DeadLetterHook.NONE);
    }

    /**
     * {@link #retryTransient(UUID, String, Runnable, Logger)}; when the last attempt fails too, {@code hook} is told
     * ({@link #FAILING}) and the failure rethrown, so the channel dead-letters the record.
     */
    public static void retryTransient(UUID eventId, String what, Runnable apply, Logger log, DeadLetterHook hook) {
        for (int attempt = 1; ; attempt++) {
            try {
                apply.run();
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    log.warnf("%s of event %s failed %d times, dead-lettered: %s", what, eventId, attempt, e.getClass().getSimpleName());
                    hook.deadLettered(FAILING);
                    throw e;
                }
                log.infof("%s of event %s not done (%s), attempt %d of %d", what, eventId, e.getClass().getSimpleName(), attempt, ATTEMPTS);
                try {
                    Thread.sleep(Math.min(30_000L, 250L << attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
