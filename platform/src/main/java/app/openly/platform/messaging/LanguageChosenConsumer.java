package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.LanguageChosen;
import app.openly.platform.i18n.LanguageStore;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * Learns each person's language from reminder-service's {@code LanguageChosen} facts on {@code reminders.due}
 * (channel {@code reminder-facts}, configured by each service that enables it with the build property
 * {@code openly.language-chosen.consumer.enabled=true}). The reminders themselves on that topic are not ours and
 * are passed over. Applying a fact is idempotent (the platform's ledger) and order-safe ({@link LanguageStore#apply}).
 * A record that is not a valid event is dead-lettered; a database failure is waited out ({@link FactRecords}).
 */
@ApplicationScoped
@IfBuildProperty(name = "openly.language-chosen.consumer.enabled", stringValue = "true")
public class LanguageChosenConsumer {

    private static final Logger LOG = Logger.getLogger(LanguageChosenConsumer.class);

    @Inject
    LanguageStore languages;
    @Inject
    FactRecords facts;

    @Incoming("reminder-facts")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecord<String, byte[]> record) {
        return facts.consume(record, "storing the language", this::apply, LOG,
                FactRecords.DeadLetterHook.NONE);
    }

    private void apply(EventEnvelope event) {
        if (event.payload() instanceof LanguageChosen chosen) {
            languages.apply(event.eventId(), event.userId(), chosen.locale(), event.occurredAt());
        }
    }
}
