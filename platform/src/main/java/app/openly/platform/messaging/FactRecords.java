package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What every single-record consumer of a fact topic does around its own work (reminder's deliveries and letters,
 * journal's and insights' languages), so that a fact is never lost and never dead-lettered for a passing failure:
 * <ul>
 * <li>a record that is not a valid event (or whose key is not its person) goes to the dead-letter topic at once;</li>
 * <li>the work ({@code apply}, idempotent) is retried with capped backoff; a transient failure (the database away) for
 * as long as it lasts, like the entry-events consumer; a failure {@link FailureKind} cannot place, only a few times
 * while the database answers, then the record is dead-lettered (a bug for one record must not stop the channel);</li>
 * <li>once the service begins to stop, a record gets one attempt (within SmallRye's graceful close, while the
 * container and the pool still live) and no retry: if that fails, or a wait was under way, it is neither acknowledged
 * nor dead-lettered: its offset stays uncommitted and it comes again after the restart. Before, a record taken as the
 * service stopped was retried against a container that was going away, then "dead-lettered" after the channel had
 * closed — lost had its offset been committed.</li>
 * </ul>
 * The consumer's method takes the {@link KafkaRecord} and returns what {@link #consume} returns, so acknowledging is
 * this class's decision (manual acknowledgement), never the framework's on return or throw.
 */
@ApplicationScoped
public class FactRecords {

    /**
     * Told when a record is given up and goes to the dead-letter queue, with why: {@link #INVALID} (not a valid event,
     * or its work refused it as such) or {@link #FAILING} (an unexplained failure while the database answered). A
     * consumer counts its dead letters with it.
     */
    @FunctionalInterface
    public interface DeadLetterHook {
        DeadLetterHook NONE = reason -> {
        };

        void deadLettered(String reason);
    }

    /** The {@link DeadLetterHook}'s reason for a record that is not a valid event. */
    public static final String INVALID = "invalid";
    /** The {@link DeadLetterHook}'s reason for a record whose work kept failing while the database answered. */
    public static final String FAILING = "failing";

    @Inject
    ConsumerRetryConfig retry;
    @Inject
    DatabaseProbe database;

    private volatile boolean stopping;

    /**
     * Decodes the record, runs {@code apply} with its event (doing nothing for events it does not handle), and
     * settles the record: acknowledged when done, dead-lettered when it can never be done.
     *
     * @param what the work in a few words, for the log ("storing the language")
     * @return completes when the record is acknowledged or on the dead-letter topic; never completes when the service
     * stops first (the record stays uncommitted)
     */
    public CompletionStage<Void> consume(KafkaRecord<String, byte[]> record, String what, Consumer<EventEnvelope> apply,
                                         Logger log, DeadLetterHook hook) {
        EventEnvelope event;
        try {
            event = KafkaRecords.decode(record);
        } catch (RuntimeException e) {
            // Coordinates and the kind of failure only, never the record's bytes.
            log.warnf("%s is not a valid event, dead-lettered: %s", KafkaRecords.where(record), e.getClass().getSimpleName());
            hook.deadLettered(INVALID);
            return record.nack(e);
        }
        long backoffMillis = retry.initialBackoff().toMillis();
        int unexpectedFailures = 0;
        long waitingSince = 0;
        int retries = 0;
        // One attempt even once the stop has begun: the pool and the container live until the connectors have closed,
        // and SmallRye's graceful close waits (5 s, then gives up) for exactly this record. Only the retries stop.
        for (boolean first = true; first || !stopping; first = false) {
            try {
                apply.accept(event);
                if (retries > 0) {
                    log.infof("%s of event %s done after %d ms and %d retries", what, event.eventId(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitingSince), retries);
                }
                return record.ack();
            } catch (RuntimeException e) {
                if (stopping) {
                    break; // the failure is most likely the stop itself (the container or the pool going away)
                }
                FailureKind kind = FailureKind.of(e);
                if (kind == FailureKind.POISON) {
                    log.warnf("%s of event %s at %s refused the event, dead-lettered: %s", what, event.eventId(),
                            KafkaRecords.where(record), FailureKind.describe(e));
                    hook.deadLettered(INVALID);
                    return record.nack(e);
                }
                if (kind == FailureKind.UNEXPECTED && database.answers()
                        && ++unexpectedFailures >= retry.unexpectedAttempts()) {
                    log.warnf("%s of event %s at %s failed %d times while the database answered, dead-lettered: %s", what,
                            event.eventId(), KafkaRecords.where(record), unexpectedFailures, FailureKind.describe(e));
                    hook.deadLettered(FAILING);
                    return record.nack(e);
                }
                if (retries++ == 0) {
                    waitingSince = System.nanoTime();
                    // Once per wait, not per attempt: an outage of minutes must not flood the log.
                    log.warnf("%s of event %s not done (%s %s); retried with backoff until it is (not dead-lettered)", what,
                            event.eventId(), kind, FailureKind.describe(e));
                }
                if (!pause(backoffMillis)) {
                    break;
                }
                backoffMillis = Math.min(retry.maxBackoff().toMillis(), backoffMillis * 2);
            }
        }
        log.infof("%s of event %s at %s not done as the service stops: left uncommitted, it comes again", what,
                event.eventId(), KafkaRecords.where(record));
        return new CompletableFuture<>();
    }

    /** Sleeps, waking early when the service begins to stop. @return false when it stops */
    private boolean pause(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            while (!stopping) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, STOP_CHECK.toMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** How soon a waiting record notices the stop: shutdown must not wait out a 2 s backoff per channel. */
    private static final Duration STOP_CHECK = Duration.ofMillis(100);

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @PreDestroy
    void stop() {
        stopping = true;
    }
}
