package app.openly.reminder.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.InvalidEventException;
import app.openly.reminder.domain.delivery.DeliveryMetrics;
import app.openly.reminder.domain.delivery.ReminderDelivery;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code reminders.due} (consumer group {@code reminder-service-delivery}, shared by the replicas: each
 * due reminder is delivered by one of them) and delivers it to every channel of the person (Web Push, FCM, APNs).
 * <p>
 * Idempotent through the delivery ledger, which is finer than an event-id ledger: a redelivered event skips
 * every (event, channel, target) already settled and only completes what a crash left unfinished. Records are
 * processed concurrently (a push service's slow answer or a Retry-After wait must not hold up other people's
 * reminders); an invalid record goes to {@code reminders.due.dlq}.
 */
@ApplicationScoped
public class ReminderDueDeliveryConsumer {

    private static final Logger LOG = Logger.getLogger(ReminderDueDeliveryConsumer.class);

    @Inject
    ReminderDelivery delivery;
    @Inject
    DeliveryMetrics metrics;

    /** Attempts of one record when the database fails (pool exhausted, restart); each is safe to repeat (the ledger). */
    static final int ATTEMPTS = 6;

    @Incoming("reminders-due-delivery")
    // Its own worker pool, bounded below the datasource pool (smallrye.messaging.worker.reminder-delivery.max-concurrency):
    // 10,000 reminders due at once must not take every connection from the REST API, the outbox relay and the due scan.
    @Blocking(value = "reminder-delivery", ordered = false)
    public void consume(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event;
        try {
            event = EventJson.decode(record.value());
            if (record.key() != null && !record.key().equals(event.userId())) {
                throw new InvalidEventException("record key does not match the event's user id");
            }
        } catch (RuntimeException e) {
            // Only coordinates, never the record's bytes; rethrown so the record is dead-lettered.
            LOG.warnf("reminders.due record at %d@%d is not a valid event, dead-lettered: %s", record.partition(), record.offset(),
                    e.getClass().getSimpleName());
            metrics.deadLettered("invalid");
            throw e;
        }
        // A transient failure (the database) is retried here, not dead-lettered: only poison records go to the DLQ.
        for (int attempt = 1; ; attempt++) {
            try {
                delivery.deliver(event);
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    LOG.warnf("delivery of event %s failed %d times, dead-lettered: %s", event.eventId(), attempt, e.getClass().getSimpleName());
                    metrics.deadLettered("failing");
                    throw e;
                }
                LOG.infof("delivery of event %s failed (%s), attempt %d of %d", event.eventId(), e.getClass().getSimpleName(), attempt, ATTEMPTS);
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
