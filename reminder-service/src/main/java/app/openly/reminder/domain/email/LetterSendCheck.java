package app.openly.reminder.domain.email;

import app.openly.reminder.domain.PreferencesStore;
import app.openly.reminder.domain.delivery.Channel;
import app.openly.reminder.domain.delivery.NotificationKind;
import app.openly.reminder.domain.delivery.NotificationRouting;
import app.openly.reminder.domain.email.logic.LetterTime;
import app.openly.reminder.domain.language.PersonLocales;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a claimed weekly letter may go now ({@link WeeklyLetters} sends it): the person may have removed their
 * address, unsubscribed, paused, or it is their quiet time since the letter was scheduled. Runs in the caller's
 * transaction, which settles or reschedules the letter it holds back.
 */
@ApplicationScoped
public class LetterSendCheck {

    /** Where and in which language a letter goes. */
    public record Outgoing(String address, Locale locale) {
    }

    @Inject
    WeeklyLetterStore letters;
    @Inject
    EmailAddressStore addresses;
    @Inject
    PreferencesStore preferences;
    @Inject
    PersonLocales locales;
    @Inject
    NotificationRouting routing;
    @Inject
    LetterCounters counters;

    /** At send time: still a confirmed, subscribed address, not paused, not quiet? Settles or reschedules otherwise. */
    public Optional<Outgoing> decide(WeeklyLetterStore.Claimed letter, Instant now) {
        var address = addresses.find(letter.userId(), false);
        if (address.isEmpty() || !address.get().confirmed()) {
            letters.settle(letter.userId(), letter.week(), WeeklyLetterStore.Status.DROPPED, "no confirmed address", now);
            counters.count("openly.letters.dropped", "no confirmed address");
            return Optional.empty();
        }
        // The person's routes say whether the weekly summary goes to e-mail (the one-click unsubscribe removes that route).
        if (!routing.allows(letter.userId(), NotificationKind.WEEKLY_SUMMARY, Channel.EMAIL)) {
            letters.settle(letter.userId(), letter.week(), WeeklyLetterStore.Status.DROPPED, "unsubscribed", now);
            counters.count("openly.letters.dropped", "unsubscribed");
            return Optional.empty();
        }
        var prefs = preferences.find(letter.userId()).map(PreferencesStore.Stored::preferences);
        ZoneId zone = ZoneId.of(letter.timeZone());
        var local = now.atZone(zone);
        if (prefs.isPresent() && prefs.get().pausedUntil() != null && !local.toLocalDate().isAfter(prefs.get().pausedUntil())) {
            letters.settle(letter.userId(), letter.week(), WeeklyLetterStore.Status.DROPPED, "paused", now);
            counters.count("openly.letters.dropped", "paused");
            return Optional.empty();
        }
        if (prefs.isPresent() && LetterTime.quiet(local.toLocalTime(), prefs.get().quietStart(), prefs.get().quietEnd())) {
            var end = local.with(prefs.get().quietEnd());
            if (!end.isAfter(local)) {
                end = end.plusDays(1);
            }
            letters.reschedule(letter.userId(), letter.week(), end.toInstant(), "quiet hours", now);
            return Optional.empty();
        }
        return Optional.of(new Outgoing(address.get().address(), locales.localeOf(letter.userId())));
    }
}
