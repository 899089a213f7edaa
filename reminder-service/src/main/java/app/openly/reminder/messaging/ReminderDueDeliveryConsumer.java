package app.openly.reminder.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.InvalidEventException;
import app.openly.reminder.domain.delivery.ReminderDelivery;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code reminders.due} (consumer group {@code reminder-service-delivery}, shared by the replicas: each
 * due reminder is delivered by one of them) and delivers it to the person's Web Push subscriptions.
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

    @Incoming("reminders-due-delivery")
    @Blocking(ordered = false)
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
            throw e;
        }
        delivery.deliver(event);
    }
}
