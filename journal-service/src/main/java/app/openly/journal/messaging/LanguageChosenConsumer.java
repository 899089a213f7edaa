package app.openly.journal.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.InvalidEventException;
import app.openly.events.LanguageChosen;
import app.openly.journal.domain.LanguageStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns each person's language from reminder-service's {@code LanguageChosen} facts on {@code reminders.due}, so
 * the daily prompts are worded for them (issue 14). The reminders themselves on that topic are not ours and are
 * passed over. Applying a fact is idempotent (the platform's ledger) and order-safe ({@link LanguageStore#apply}).
 * A record that is not a valid event is dead-lettered; a database failure is transient and retried.
 */
@ApplicationScoped
public class LanguageChosenConsumer {

    private static final Logger LOG = Logger.getLogger(LanguageChosenConsumer.class);

    static final int ATTEMPTS = 6;

    @Inject
    LanguageStore languages;

    @Incoming("reminder-facts")
    @Blocking
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
        if (!(event.payload() instanceof LanguageChosen chosen)) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                languages.apply(event.eventId(), event.userId(), chosen.locale(), event.occurredAt());
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.infof("language of event %s not stored (%s), attempt %d of %d", event.eventId(), e.getClass().getSimpleName(), attempt, ATTEMPTS);
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
