package app.openly.reminder.messaging;

import app.openly.events.EventEnvelope;
import app.openly.platform.messaging.FactRecords;
import app.openly.events.WeeklySummaryReady;
import app.openly.reminder.domain.email.WeeklyLetters;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * {@code WeeklySummaryReady} from insights-service: the person's weekly letter takes its place in the ledger
 * (once per person and week, so a redelivered event does nothing). Database failures are waited out; only records
 * that are not valid events are dead-lettered; a record taken as the service stops stays uncommitted
 * ({@link FactRecords}).
 */
@ApplicationScoped
public class WeeklyLetterConsumer {

    private static final Logger LOG = Logger.getLogger(WeeklyLetterConsumer.class);

    @Inject
    WeeklyLetters letters;
    @Inject
    FactRecords facts;

    @Incoming("weekly-summaries")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecord<String, byte[]> record) {
        return facts.consume(record, "scheduling the weekly letter", this::schedule, LOG, FactRecords.DeadLetterHook.NONE);
    }

    private void schedule(EventEnvelope event) {
        if (event.payload() instanceof WeeklySummaryReady week) {
            letters.schedule(event, week);
        }
    }
}
