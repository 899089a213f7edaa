package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.InvalidEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The one consumer of {@code journal.entry-events}, shared by the services that consume it (enabled with
 * the build property {@code openly.entry-events.consumer.enabled=true}).
 * <p>
 * Each record is decoded with the shared contract and applied by the service's {@link EntryEventHandler}
 * in the same transaction that records its event id, so a redelivered event is applied once. A record
 * that is not a valid event, or that keeps failing after retries, is nacked and goes to
 * {@code journal.entry-events.dlq} (failure-strategy dead-letter-queue): the partition moves on.
 */
@ApplicationScoped
@IfBuildProperty(name = "openly.entry-events.consumer.enabled", stringValue = "true")
public class EntryEventsConsumer {

    private static final Logger LOG = Logger.getLogger(EntryEventsConsumer.class);

    /** Prometheus: {@code openly_entry_events_total{outcome="applied|duplicate|dead-lettered"}}; alerts watch dead-lettered. */
    public static final String METRIC = "openly.entry.events";

    @Inject
    Attempts attempts;
    @Inject
    MeterRegistry registry;

    private Counter applied;
    private Counter duplicates;
    private Counter deadLettered;

    @PostConstruct
    void counters() {
        applied = registry.counter(METRIC, "outcome", "applied");
        duplicates = registry.counter(METRIC, "outcome", "duplicate");
        deadLettered = registry.counter(METRIC, "outcome", "dead-lettered");
    }

    @Incoming("entry-events")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        boolean firstTime;
        try {
            firstTime = attempts.decodeAndApply(record);
        } catch (RuntimeException e) {
            // Rethrown: the record is nacked and goes to the dead-letter topic. Only coordinates, never its bytes.
            deadLettered.increment();
            LOG.warnf("event at %s-%d@%d sent to the dead-letter topic: %s%s", record.topic(), record.partition(),
                    record.offset(), e.getClass().getSimpleName(), e instanceof InvalidEventException ? " (" + e.getMessage() + ")" : "");
            throw e;
        }
        (firstTime ? applied : duplicates).increment();
    }

    /** Decoding and applying, retried as a whole; each attempt gets a fresh transaction from the Applier. */
    @ApplicationScoped
    @IfBuildProperty(name = "openly.entry-events.consumer.enabled", stringValue = "true")
    public static class Attempts {
        @Inject
        Applier applier;

        @Retry(maxRetries = 3, delay = 200, abortOn = InvalidEventException.class)
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
