package app.openly.insights.domain;

import app.openly.platform.i18n.Languages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** The language of each person ({@code insights_person_locale}), as reminder-service last announced it. */
@ApplicationScoped
public class LanguageStore {

    @Inject
    EntityManager em;

    /** The person's language; English until reminder-service has announced one. */
    @Transactional
    public Locale localeOf(String userId) {
        List<?> rows = em.createNativeQuery("select locale from insights_person_locale where user_id = :u")
                .setParameter("u", userId).getResultList();
        return rows.isEmpty() ? Languages.DEFAULT : Languages.orDefault((String) rows.get(0));
    }

    /**
     * Applies a LanguageChosen fact: idempotent (the same event again changes nothing) and order-safe (an older
     * fact arriving late never replaces a newer one).
     */
    @Transactional
    public void apply(String userId, String locale, Instant chosenAt) {
        em.createNativeQuery("""
                        insert into insights_person_locale as l (user_id, locale, chosen_at) values (:u, :locale, :at)
                        on conflict (user_id) do update set locale = excluded.locale, chosen_at = excluded.chosen_at
                        where l.chosen_at < excluded.chosen_at""")
                .setParameter("u", userId).setParameter("locale", Languages.orDefault(locale).getLanguage())
                .setParameter("at", chosenAt.atOffset(ZoneOffset.UTC)).executeUpdate();
    }
}
