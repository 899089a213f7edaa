package app.openly.platform.i18n;

import app.openly.platform.messaging.ProcessedEvents;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The language of each person, as reminder-service last announced it with a {@code LanguageChosen} fact (learned by
 * event, never by calling), for the services that word things in it (journal's prompts, insights' summaries). Enabled
 * with the build property {@code openly.language-chosen.consumer.enabled=true}, together with its
 * {@link app.openly.platform.messaging.LanguageChosenConsumer}.
 * <p>
 * Each service keeps the rows in its own table ({@code openly.languages.table}, created by its own migration:
 * {@code user_id} primary key, {@code locale}, {@code chosen_at}). The table is keyed by {@code user_id}, so the
 * platform's personal-data catalogue exports and erases it with everything else.
 */
@ApplicationScoped
@IfBuildProperty(name = "openly.language-chosen.consumer.enabled", stringValue = "true")
public class LanguageStore {

    /** The table name is spliced into the SQL (a name cannot be a parameter): only a plain identifier is taken. */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    @Inject
    EntityManager em;
    @Inject
    ProcessedEvents processed;
    @ConfigProperty(name = "openly.languages.table")
    String table;
    /** This consumer's name in the platform's idempotency ledger: its Kafka consumer group. */
    @ConfigProperty(name = "mp.messaging.incoming.reminder-facts.group.id")
    String ledgerName;

    @PostConstruct
    void checkTableName() {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalStateException("openly.languages.table must be a plain table name, is: " + table);
        }
    }

    /** The person's language; English until reminder-service has announced one. */
    @Transactional
    public Locale localeOf(String userId) {
        List<?> rows = em.createNativeQuery("select locale from " + table + " where user_id = :userId")
                .setParameter("userId", userId).getResultList();
        return rows.isEmpty() ? Languages.DEFAULT : Languages.orDefault((String) rows.get(0));
    }

    /**
     * Applies a LanguageChosen fact once (the platform's ledger, in the same transaction: a redelivered event is
     * skipped, so one redelivered after the person's erasure does not bring their row back) and order-safe (an older
     * fact arriving late never replaces a newer one).
     *
     * @return whether the fact was new to this service
     */
    @Transactional
    public boolean apply(UUID eventId, String userId, String locale, Instant chosenAt) {
        if (!processed.firstTime(ledgerName, eventId)) {
            return false;
        }
        em.createNativeQuery("insert into " + table + " as l (user_id, locale, chosen_at) values (:userId, :locale, :chosenAt)"
                        + " on conflict (user_id) do update set locale = excluded.locale, chosen_at = excluded.chosen_at"
                        + " where l.chosen_at < excluded.chosen_at")
                .setParameter("userId", userId).setParameter("locale", Languages.orDefault(locale).getLanguage())
                .setParameter("chosenAt", chosenAt.atOffset(ZoneOffset.UTC)).executeUpdate();
        return true;
    }
}
