package app.openly.reminder.domain.language;

import app.openly.events.EventEnvelope;
import app.openly.events.LanguageChosen;
import app.openly.events.Topics;
import app.openly.platform.i18n.Languages;
import app.openly.platform.outbox.Outbox;
import app.openly.platform.persistence.TimeOrderedIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The language each person reads Openly in. Until they choose, the browser's Accept-Language of their first
 * request decides; every language other than the English everyone assumes, and every change, is published as
 * {@link LanguageChosen} (through the outbox, in the same transaction) so insights-service and any other service
 * word their texts for the person.
 */
@ApplicationScoped
public class PersonLocales {

    @Inject
    LocaleStore store;
    @Inject
    Outbox outbox;
    @Inject
    Clock clock;

    /** The person's language, English while none is known. */
    @Transactional
    public Locale localeOf(String userId) {
        return store.find(userId).map(s -> Languages.orDefault(s.locale())).orElse(Languages.DEFAULT);
    }

    /** {@link #localeOf} every person in {@code people}, in one statement. */
    @Transactional
    public Map<String, Locale> localesOf(Collection<String> people) {
        Map<String, String> stored = store.localesOf(people);
        Map<String, Locale> locales = new HashMap<>();
        for (String userId : people) {
            String tag = stored.get(userId);
            locales.put(userId, tag == null ? Languages.DEFAULT : Languages.orDefault(tag));
        }
        return locales;
    }

    /** Whether the person has a stored language (chosen or guessed). */
    @Transactional
    public Optional<LocaleStore.StoredLocale> stored(String userId) {
        return store.find(userId);
    }

    /** First use: the best of the browser's languages becomes the person's until they choose one. */
    @Transactional
    public Locale onFirstUse(String userId, String acceptLanguage) {
        Optional<LocaleStore.StoredLocale> known = store.find(userId);
        if (known.isPresent()) {
            return Languages.orDefault(known.get().locale());
        }
        Locale guess = Languages.fromAcceptLanguage(acceptLanguage);
        // English is what every service assumes until told otherwise: only another language is news for them.
        if (store.insertGuess(userId, guess.getLanguage(), clock.instant()) && !guess.equals(Languages.DEFAULT)) {
            publish(userId, guess);
        }
        return localeOf(userId);
    }

    /** The person chose a language: stored, and published when it changed. */
    @Transactional
    public void choose(String userId, Locale locale) {
        if (store.choose(userId, locale.getLanguage(), clock.instant())) {
            publish(userId, locale);
        }
    }

    /**
     * Chooses the language (when given) and makes the change (which may re-plan in the new language) in the same
     * transaction: both happen, or neither. The event is added last, so the per-person outbox lock is taken
     * after the preferences and schedule locks, in the order the due scan takes them too (schedule, then outbox).
     */
    @Transactional
    public <T> T chooseAnd(String userId, Locale locale, Supplier<T> change) {
        boolean changed = locale != null && store.choose(userId, locale.getLanguage(), clock.instant());
        T result = change.get();
        if (changed) {
            publish(userId, locale);
        }
        return result;
    }

    private void publish(String userId, Locale locale) {
        Instant now = clock.instant();
        outbox.add(Topics.REMINDERS_DUE, EventEnvelope.of(TimeOrderedIds.at(now), now, userId, null,
                new LanguageChosen(locale.getLanguage())));
    }
}
