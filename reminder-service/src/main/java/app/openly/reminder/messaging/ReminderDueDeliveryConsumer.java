package app.openly.reminder.messaging;

import app.openly.reminder.domain.delivery.DeliveryMetrics;
import app.openly.reminder.domain.delivery.ReminderDelivery;
import app.openly.platform.messaging.FactRecords;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code reminders.due} (consumer group {@code reminder-service-delivery}, shared by the replicas: each
 * due reminder is delivered by one of them) and delivers it to every channel of the person (Web Push, FCM, APNs).
 * <p>
 * Idempotent through the delivery ledger, which is finer than an event-id ledger: a redelivered event skips
 * every (event, channel, target) already settled and only completes what a crash left unfinished. Records are
 * processed concurrently (a push service's slow answer or a Retry-After wait must not hold up other people's
 * reminders); an invalid record goes to {@code reminders.due.dlq}. Decoding, the retry of a failing delivery (each
 * attempt safe to repeat: the ledger; the database's absence waited out) and leaving a record uncommitted when the
 * service stops are platform's {@link FactRecords}, which tells {@link DeliveryMetrics} of each dead letter.
 */
@ApplicationScoped
public class ReminderDueDeliveryConsumer {

    private static final Logger LOG = Logger.getLogger(ReminderDueDeliveryConsumer.class);

    @Inject
    ReminderDelivery delivery;
    @Inject
    DeliveryMetrics metrics;
    @Inject
    FactRecords facts;

    @Incoming("reminders-due-delivery")
    // Its own worker pool, bounded below the datasource pool (smallrye.messaging.worker.reminder-delivery.max-concurrency):
    // 10,000 reminders due at once must not take every connection from the REST API, the outbox relay and the due scan.
    @Blocking(value = "reminder-delivery", ordered = false)
    public CompletionStage<Void> consume(KafkaRecord<String, byte[]> record) {
        return facts.consume(record, "delivery", delivery::deliver, LOG, metrics::deadLettered);
    }
}
