package app.openly.reminder.domain.language;

import app.openly.platform.persistence.ArrayStatements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code person_locale} row of each person. */
@ApplicationScoped
public class LocaleStore {

    /** The stored language tag, and whether the person chose it (rather than their browser's first guess). */
    public record StoredLocale(String locale, boolean chosen) {
    }

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredLocale> find(String userId) {
        List<?> rows = em.createNativeQuery("select locale, chosen from person_locale where user_id = :u")
                .setParameter("u", userId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = (Object[]) rows.get(0);
        return Optional.of(new StoredLocale((String) r[0], Boolean.TRUE.equals(r[1])));
    }

    /** The stored language tag of every person in {@code people} who has one, in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, String> localesOf(Collection<String> people) {
        Map<String, String> found = new HashMap<>();
        ArrayStatements.query(em, "select user_id, locale from person_locale where user_id = any(?::text[])",
                row -> found.put(row.getString(1), row.getString(2)), people);
        return found;
    }

    /** The first guess; true when it was written (no row existed). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean insertGuess(String userId, String locale, Instant now) {
        return em.createNativeQuery("""
                        insert into person_locale (user_id, locale, chosen, updated_at) values (:u, :locale, false, :now)
                        on conflict (user_id) do nothing""")
                .setParameter("u", userId).setParameter("locale", locale).setParameter("now", now.atOffset(ZoneOffset.UTC))
                .executeUpdate() > 0;
    }

    /** The person's choice; true when the language changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean choose(String userId, String locale, Instant now) {
        Optional<StoredLocale> before = find(userId);
        em.createNativeQuery("""
                        insert into person_locale (user_id, locale, chosen, updated_at) values (:u, :locale, true, :now)
                        on conflict (user_id) do update set locale = excluded.locale, chosen = true, updated_at = excluded.updated_at""")
                .setParameter("u", userId).setParameter("locale", locale).setParameter("now", now.atOffset(ZoneOffset.UTC))
                .executeUpdate();
        return before.map(b -> !b.locale().equals(locale)).orElse(true);
    }
}
