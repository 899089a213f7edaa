package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.InvalidEventException;
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
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The one consumer of {@code journal.entry-events}, shared by the services that consume it (enabled with
 * the build property {@code openly.entry-events.consumer.enabled=true}).
 * <p>
 * Records arrive in batches (one Kafka poll, {@code mp.messaging.incoming.entry-events.batch=true}): one record,
 * one transaction, one commit kept a consumer at 70–130 events/s (issue 17). Each batch is decoded with the shared
 * contract and applied by the service's {@link EntryEventHandler} in ONE transaction that also records every
 * event id in the ledger, so a redelivered event (or one twice in the same batch) is applied once. Records of one
 * person share a key, hence a partition, and a batch holds each partition's records in offset order: they are
 * applied in that order (a {@link BatchEntryEventHandler} is given the whole batch at once, in that order). The
 * batch is acknowledged (its offsets become committable) only after that transaction committed; a crash before
 * leaves the offsets where they were and the whole batch comes again, the ledger skipping what had committed.
 * <p>
 * What happens on failure depends on {@link FailureKind}, per record, as before batching: a record that can never
 * succeed (not a valid event) goes to {@code journal.entry-events.dlq} with the reason in its headers, and its
 * batch-mates are applied. Undecodable records are set aside before the transaction; when the transaction itself
 * fails for such a reason (a handler's validation, an unexpected failure while the database answers) the batch is
 * applied again record by record, one transaction each, which isolates the record to dead-letter. A transient
 * failure (the database away, a timeout, a deadlock) is never dead-lettered: the batch is retried with capped
 * exponential backoff for as long as it takes. Meanwhile the partitions wait (the connector pauses them once its
 * queue is full) and readiness is DOWN ({@link EntryEventsReadiness}). A record is dead-lettered only after every
 * record before it in its partition was applied: dead-lettering acknowledges the record, and an acknowledged last
 * record of a partition would let its offset be committed past records not yet applied.
 * <p>
 * Over 200 lines on purpose: decode, apply-once transaction, failure classification, retry, isolation and
 * dead-lettering are one sequence whose order is the "nothing lost, nothing twice" guarantee; what a service does
 * with an event is its {@link EntryEventHandler} (dispatched by type there), the failure kinds and dead letters live
 * apart.
 */
@ApplicationScoped
@IfBuildProperty(name = "openly.entry-events.consumer.enabled", stringValue = "true")
public class EntryEventsConsumer {

    private static final Logger LOG = Logger.getLogger(EntryEventsConsumer.class);

    /**
     * Prometheus: {@code openly_entry_events_total{outcome="applied|duplicate|dead-lettered|retried"}}, counted per
     * event (a batch retried once counts each of its events as retried); alerts watch dead-lettered.
     */
    public static final String METRIC = "openly.entry.events";
    /** Prometheus: {@code openly_entry_events_waiting}: 1 while the consumer waits for a dependency to come back. */
    public static final String WAITING_METRIC = "openly.entry.events.waiting";

    @Inject
    Attempts attempts;
    @Inject
    MeterRegistry registry;
    @Inject
    DatabaseProbe database;
    @Inject
    ConsumerRetryConfig retry;
    @Inject
    ConsumerState state;

    private Counter applied;
    private Counter duplicates;
    private Counter deadLettered;
    private Counter retried;
    /** One thread: batches are applied in order, and a wait for the database blocks neither Kafka's nor Vert.x' threads. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "entry-events-consumer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    /** How a batch applied as one transaction ended. */
    private enum Together { APPLIED, ISOLATE, STOPPED }

    /** A record of the batch that decoded; {@code event} applies in the batch's transaction. */
    private record Decoded(KafkaRecord<String, byte[]> record, EventEnvelope event) {
    }

    @PostConstruct
    void counters() {
        applied = registry.counter(METRIC, "outcome", "applied");
        duplicates = registry.counter(METRIC, "outcome", "duplicate");
        deadLettered = registry.counter(METRIC, "outcome", "dead-lettered");
        retried = registry.counter(METRIC, "outcome", "retried");
        Gauge.builder(WAITING_METRIC, state, s -> s.waiting() ? 1 : 0).register(registry);
    }

    /**
     * Acknowledges the batch once its effect is committed and its poison records are on the dead-letter topic; never
     * completes while the service stops in the middle of a wait (the offsets stay uncommitted; the batch comes again).
     * Never completes exceptionally either: SmallRye would dead-letter the whole batch.
     */
    @Incoming("entry-events")
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                if (handle(batch.getRecords())) {
                    batch.ack().whenComplete((ok, failure) -> done.complete(null));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // handle() classifies every failure; this is a bug in it: do not lose the batch, do not commit it.
                LOG.errorf("batch from %s: unexpected %s, left uncommitted", where(batch.getRecords().get(0)), e.getClass().getName());
            }
        });
        return done;
    }

    /** @return true when every record is done with (applied, a duplicate or dead-lettered), false when the service stops first */
    boolean handle(List<KafkaRecord<String, byte[]>> records) throws InterruptedException {
        List<Decoded> decoded = new ArrayList<>(records.size());
        List<KafkaRecord<String, byte[]>> undecodable = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : records) {
            try {
                decoded.add(new Decoded(record, attempts.decode(record)));
            } catch (RuntimeException e) {
                undecodable.add(record);
            }
        }
        Together together = decoded.isEmpty() ? Together.APPLIED : applyTogether(decoded);
        if (together == Together.STOPPED) {
            return false;
        }
        if (together == Together.ISOLATE) {
            for (KafkaRecord<String, byte[]> record : records) {
                if (!handleAlone(record)) {
                    return false;
                }
            }
            return true;
        }
        // Dead-lettered only now that their batch-mates are committed (see the class comment).
        for (KafkaRecord<String, byte[]> record : undecodable) {
            if (!handleAlone(record)) {
                return false;
            }
        }
        return true;
    }

    /** The decoded records in one transaction, retried while the failure is transient. */
    private Together applyTogether(List<Decoded> batch) throws InterruptedException {
        List<EventEnvelope> events = batch.stream().map(Decoded::event).toList();
        long backoffMillis = retry.initialBackoff().toMillis();
        // One attempt even once the stop has begun: the pool and the container live until the connectors have closed,
        // and SmallRye's graceful close waits (5 s, then gives up) for exactly this batch. Only the retries stop.
        for (boolean first = true; first || !stopping; first = false) {
            try {
                int firstTime = attempts.applyAll(events);
                applied.increment(firstTime);
                duplicates.increment(events.size() - firstTime);
                state.recovered(LOG);
                return Together.APPLIED;
            } catch (RuntimeException e) {
                if (stopping) {
                    return Together.STOPPED; // not isolated, not dead-lettered while stopping: the batch comes again
                }
                FailureKind kind = FailureKind.of(e);
                if (kind == FailureKind.POISON || kind == FailureKind.UNEXPECTED && databaseAnswers()) {
                    // Some record cannot be applied; which one, and whether for good, the records alone tell.
                    LOG.debugf("batch of %d from %s failed with %s; applying its records one by one", events.size(),
                            where(batch.get(0).record()), e.getClass().getName());
                    return Together.ISOLATE;
                }
                retried.increment(events.size());
                state.waiting(LOG, where(batch.get(0).record()) + " (batch of " + events.size() + ")",
                        kind + " " + FailureKind.describe(e));
                TimeUnit.MILLISECONDS.sleep(backoffMillis);
                backoffMillis = Math.min(retry.maxBackoff().toMillis(), backoffMillis * 2);
            }
        }
        return Together.STOPPED;
    }

    /** One record in its own transaction; a poison one is dead-lettered (and waited for). */
    private boolean handleAlone(KafkaRecord<String, byte[]> record) throws InterruptedException {
        try {
            return handle(record);
        } catch (DeadLetterException e) {
            try {
                record.nack(e).toCompletableFuture().get();
                return true;
            } catch (ExecutionException failed) {
                // The dead-letter topic did not take it: not committed, so the batch comes again.
                throw new IllegalStateException("dead-letter topic refused " + where(record), failed.getCause());
            }
        }
    }

    /** @return true when the record is done with (applied or a duplicate), false when the service stops first */
    boolean handle(KafkaRecord<String, byte[]> record) throws InterruptedException {
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
                state.waiting(LOG, where(record), kind + " " + FailureKind.describe(e));
                TimeUnit.MILLISECONDS.sleep(backoffMillis);
                backoffMillis = Math.min(retry.maxBackoff().toMillis(), backoffMillis * 2);
            }
        }
        return false;
    }

    private DeadLetterException deadLetter(KafkaRecord<String, byte[]> record, String reason) {
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

    private boolean databaseAnswers() {
        return database.answers();
    }

    private static String where(KafkaRecord<?, ?> record) {
        return KafkaRecords.where(record);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @PreDestroy
    void stop() {
        stopping = true;
        worker.shutdownNow();
    }

    /** Decoding and applying records: one attempt, one fresh transaction from the Applier. */
    @ApplicationScoped
    @IfBuildProperty(name = "openly.entry-events.consumer.enabled", stringValue = "true")
    public static class Attempts {
        @Inject
        Applier applier;

        public EventEnvelope decode(KafkaRecord<String, byte[]> record) {
            return KafkaRecords.decode(record);
        }

        public boolean decodeAndApply(KafkaRecord<String, byte[]> record) {
            return applier.applyOnce(decode(record));
        }

        /** @return how many of {@code events} were applied for the first time (the others were duplicates) */
        public int applyAll(List<EventEnvelope> events) {
            return applier.applyAllOnce(events);
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
        @Inject
        EntityManager em;
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
    
        /**
         * Applies the events not applied before, in order, and records all their ids, in one transaction.
         *
         * @return how many were applied (the rest had been, by an earlier delivery or earlier in this batch)
         */
        @Transactional(Transactional.TxType.REQUIRES_NEW)
        public int applyAllOnce(List<EventEnvelope> events) {
            Set<UUID> firstTime = processedEvents.firstTimes(consumerName, events.stream().map(EventEnvelope::eventId).toList());
            List<EventEnvelope> fresh = new ArrayList<>(firstTime.size());
            for (EventEnvelope event : events) {
                if (firstTime.remove(event.eventId())) {
                    fresh.add(event);
                } else {
                    LOG.debugf("event %s already applied, skipped", event.eventId());
                }
            }
            if (handler instanceof BatchEntryEventHandler batched) {
                batched.applyAll(fresh); // the whole batch at once, same effect (issue 17)
                return fresh.size();
            }
            for (EventEnvelope event : fresh) {
                handler.apply(event);
                // Written now and forgotten: a persistence context holding a whole batch's entities would be
                // dirty-checked again before every later query of the batch.
                em.flush();
                em.clear();
            }
            return fresh.size();
        }
    }
}
