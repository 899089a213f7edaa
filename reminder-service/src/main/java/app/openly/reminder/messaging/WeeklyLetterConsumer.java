package app.openly.reminder.messaging;

import app.openly.events.EventEnvelope;
import app.openly.platform.messaging.FactRecords;
import app.openly.events.WeeklySummaryReady;
import app.openly.reminder.domain.email.WeeklyLetters;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code WeeklySummaryReady} from insights-service: the person's weekly letter takes its place in the ledger
 * (once per person and week, so a redelivered event does nothing). Database failures are retried in place; only
 * records that are not valid events are dead-lettered.
 */
@ApplicationScoped
public class WeeklyLetterConsumer {

    private static final Logger LOG = Logger.getLogger(WeeklyLetterConsumer.class);

    @Inject
    WeeklyLetters letters;

    @Incoming("weekly-summaries")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event = FactRecords.decodeOrDeadLetter(record, LOG);
        if (!(event.payload() instanceof WeeklySummaryReady week)) {
            return;
        }
        // A database failure is transient: retried (applying is idempotent), not dead-lettered.
        FactRecords.retryTransient(event.eventId(), "scheduling the weekly letter", () -> letters.schedule(event, week), LOG);
    }
}
