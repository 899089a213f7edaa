package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.InvalidEventException;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The one consumer of {@code journal.entry-events}, shared by the services that consume it (enabled with
 * the build property {@code openly.entry-events.consumer.enabled=true}).
 * <p>
 * Each record is decoded with the shared contract and applied by the service's {@link EntryEventHandler}
 * in the same transaction that records its event id, so a redelivered event is applied once. The record is
 * acknowledged (and its offset becomes committable) only after that transaction committed.
 * <p>
 * What happens on failure depends on {@link FailureKind}: a record that can never succeed (not a valid event)
 * goes to {@code journal.entry-events.dlq} at once, with the reason in its headers. A transient failure (the
 * database away, a timeout, a deadlock) is never dead-lettered: the record is retried with capped exponential
 * backoff for as long as it takes. Records are handled one at a time, so meanwhile the partitions wait (the
 * connector pauses them once its queue is full) and readiness is DOWN ({@link EntryEventsReadiness}).
 * <p>
 * Over 200 lines on purpose: decode, apply-once transaction, failure classification, retry and dead-lettering are one
 * sequence whose order is the "nothing lost, nothing twice" guarantee; what a service does with an event is its
 * {@link EntryEventHandler} (dispatched by type there), the failure kinds and dead letters live apart.
 */
@ApplicationScoped
@IfBuildProperty(name = "openly.entry-events.consumer.enabled", stringValue = "true")
public class EntryEventsConsumer {

    private static final Logger LOG = Logger.getLogger(EntryEventsConsumer.class);

    /** Prometheus: {@code openly_entry_events_total{outcome="applied|duplicate|dead-lettered|retried"}}; alerts watch dead-lettered. */
    public static final String METRIC = "openly.entry.events";
    /** Prometheus: {@code openly_entry_events_waiting}: 1 while the consumer waits for a dependency to come back. */
    public static final String WAITING_METRIC = "openly.entry.events.waiting";

    @Inject
    Attempts attempts;
    @Inject
    MeterRegistry registry;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    EntryEventsRetryConfig retry;
    @Inject
    ConsumerState state;

    private Counter applied;
    private Counter duplicates;
    private Counter deadLettered;
    private Counter retried;
    /** One thread: records are applied in order, and a wait for the database blocks neither Kafka's nor Vert.x' threads. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "entry-events-consumer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    @PostConstruct
    void counters() {
        applied = registry.counter(METRIC, "outcome", "applied");
        duplicates = registry.counter(METRIC, "outcome", "duplicate");
        deadLettered = registry.counter(METRIC, "outcome", "dead-lettered");
        retried = registry.counter(METRIC, "outcome", "retried");
        Gauge.builder(WAITING_METRIC, state, s -> s.waiting() ? 1 : 0).register(registry);
    }

    /**
     * Completes normally once the event's effect is committed (ack), exceptionally with a
     * {@link DeadLetterException} for a record that can never succeed (nack: dead-letter topic), and never while
     * the service stops in the middle of a wait (the offset stays uncommitted; the record comes again).
     */
    @Incoming("entry-events")
    public CompletionStage<Void> consume(ConsumerRecord<String, byte[]> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                if (handle(record)) {
                    done.complete(null);
                }
            } catch (DeadLetterException e) {
                done.completeExceptionally(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // handle() classifies every failure; this is a bug in it: do not lose the record, do not commit it.
                LOG.errorf("event at %s: unexpected %s, left uncommitted", where(record), e.getClass().getName());
            }
        });
        return done;
    }

    /** @return true when the record is done with (applied or a duplicate), false when the service stops first */
    boolean handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        long backoffMillis = retry.initialBackoff().toMillis();
        int unexpectedFailures = 0;
        while (!stopping) {
            try {
                boolean firstTime = attempts.decodeAndApply(record);
                (firstTime ? applied : duplicates).increment();
                state.recovered(LOG);
                return true;
            } catch (RuntimeException e) {
                FailureKind kind = FailureKind.of(e);
                if (kind == FailureKind.POISON) {
                    throw deadLetter(record, "poison: " + reason(e));
                }
                if (kind == FailureKind.UNEXPECTED && databaseAnswers()) {
                    unexpectedFailures++;
                    if (unexpectedFailures >= retry.unexpectedAttempts()) {
                        throw deadLetter(record, "unexpected: " + e.getClass().getName() + " in " + unexpectedFailures
                                + " attempts while the database answered");
                    }
                }
                retried.increment();
                state.waiting(LOG, where(record), kind + " " + e.getClass().getSimpleName() + firstSafeWords(e));
                TimeUnit.MILLISECONDS.sleep(backoffMillis);
                backoffMillis = Math.min(retry.maxBackoff().toMillis(), backoffMillis * 2);
            }
        }
        return false;
    }

    private DeadLetterException deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        deadLettered.increment();
        state.recovered(LOG);
        // Only coordinates and the kind of failure, never the record's bytes.
        LOG.warnf("event at %s sent to the dead-letter topic: %s", where(record), reason);
        return new DeadLetterException(reason);
    }

    private static String reason(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidEventException) {
                return "invalid event (" + t.getMessage() + ")"; // its message names kind and field, never content
            }
        }
        return e.getClass().getName();
    }

    /**
     * A short, content-free hint for the log: the SQLState or the message of a connection-level failure. Messages
     * of other failures may quote values and are left out.
     */
    private static String firstSafeWords(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return " (SQLState " + sql.getSQLState() + ")";
            }
        }
        return "";
    }

    private boolean databaseAnswers() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @PreDestroy
    void stop() {
        stopping = true;
        worker.shutdownNow();
    }

    /** Decoding and applying one record: one attempt, one fresh transaction from the Applier. */
    @ApplicationScoped
    @IfBuildProperty(name = "openly.entry-events.consumer.enabled", stringValue = "true")
    public static class Attempts {
        @Inject
        Applier applier;

        public boolean decodeAndApply(ConsumerRecord<String, byte[]> record) {
            EventEnvelope event = EventJson.decode(record.value());
            if (record.key() != null && !record.key().equals(event.userId())) {
                throw new InvalidEventException("record key does not match the event's user id");
            }
            return applier.applyOnce(event);
        }
    }

    /** Applies an event and records its id in one transaction. */
    @ApplicationScoped
    @IfBuildProperty(name = "openly.entry-events.consumer.enabled", stringValue = "true")
    public static class Applier {
        @Inject
        ProcessedEvents processedEvents;
        @Inject
        EntryEventHandler handler;
        @ConfigProperty(name = "quarkus.application.name")
        String consumerName;

        /** @return false when the event had been applied before (a redelivery) */
        @Transactional(Transactional.TxType.REQUIRES_NEW)
        public boolean applyOnce(EventEnvelope event) {
            if (processedEvents.firstTime(consumerName, event.eventId())) {
                handler.apply(event);
                return true;
            }
            LOG.debugf("event %s already applied, skipped", event.eventId());
            return false;
        }
    }
}
