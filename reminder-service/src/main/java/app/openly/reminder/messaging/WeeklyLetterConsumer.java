package app.openly.reminder.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.InvalidEventException;
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
    static final int ATTEMPTS = 6;

    @Inject
    WeeklyLetters letters;

    @Incoming("weekly-summaries")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event;
        try {
            event = EventJson.decode(record.value());
            if (record.key() != null && !record.key().equals(event.userId())) {
                throw new InvalidEventException("record key does not match the event's user id");
            }
        } catch (RuntimeException e) {
            LOG.warnf("insights.weekly-summaries record at %d@%d is not a valid event, dead-lettered: %s", record.partition(),
                    record.offset(), e.getClass().getSimpleName());
            throw e;
        }
        if (!(event.payload() instanceof WeeklySummaryReady week)) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                letters.schedule(event, week);
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.infof("weekly letter of event %s not scheduled (%s), attempt %d of %d", event.eventId(), e.getClass().getSimpleName(),
                        attempt, ATTEMPTS);
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
