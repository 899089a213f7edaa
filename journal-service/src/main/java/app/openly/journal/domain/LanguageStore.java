package app.openly.journal.domain;

import app.openly.platform.i18n.Languages;
import app.openly.platform.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The language of each person ({@code journal_person_locale}), as reminder-service last announced it with a
 * {@code LanguageChosen} fact (learned by event, never by calling). Personal data: the table is keyed by
 * {@code user_id}, so the platform's catalogue exports and erases it.
 */
@ApplicationScoped
public class LanguageStore {

    /** This consumer's name in the platform's idempotency ledger. */
    static final String CONSUMER = "journal-service-languages";

    @Inject
    EntityManager em;
    @Inject
    ProcessedEvents processed;

    /** The person's language; English until reminder-service has announced one. */
    @Transactional
    public Locale localeOf(String userId) {
        List<?> rows = em.createNativeQuery("select locale from journal_person_locale where user_id = :u")
                .setParameter("u", userId).getResultList();
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
        if (!processed.firstTime(CONSUMER, eventId)) {
            return false;
        }
        em.createNativeQuery("""
                        insert into journal_person_locale as l (user_id, locale, chosen_at) values (:u, :locale, :at)
                        on conflict (user_id) do update set locale = excluded.locale, chosen_at = excluded.chosen_at
                        where l.chosen_at < excluded.chosen_at""")
                .setParameter("u", userId).setParameter("locale", Languages.orDefault(locale).getLanguage())
                .setParameter("at", chosenAt.atOffset(ZoneOffset.UTC)).executeUpdate();
        return true;
    }
}
