package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.InvalidEventException;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Blocking;
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

    @Inject
    Applier applier;

    @Incoming("entry-events")
    @Blocking
    // Retries wrap whole transactions (each attempt gets a fresh one from the Applier).
    @Retry(maxRetries = 3, delay = 200, abortOn = InvalidEventException.class)
    public void consume(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event;
        try {
            event = EventJson.decode(record.value());
        } catch (InvalidEventException e) {
            // Only coordinates, never the record's bytes.
            LOG.warnf("invalid event at %s-%d@%d sent to the dead-letter topic: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            throw e;
        }
        if (record.key() != null && !record.key().equals(event.userId())) {
            throw new InvalidEventException("record key does not match the event's user id");
        }
        applier.applyOnce(event);
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

        @Transactional(Transactional.TxType.REQUIRES_NEW)
        public void applyOnce(EventEnvelope event) {
            if (processedEvents.firstTime(consumerName, event.eventId())) {
                handler.apply(event);
            } else {
                LOG.debugf("event %s already applied, skipped", event.eventId());
            }
        }
    }
}
