package app.openly.journal.domain;

import app.openly.events.Practice;
import app.openly.platform.i18n.LanguageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/** Today's prompt of a practice for a person: its place in their walk through the list (stable) and its words in their language. */
@ApplicationScoped
public class DailyPrompts {

    @Inject
    Clock clock;
    @Inject
    LanguageStore languages;

    public record TodaysPrompt(int number, String text, Locale locale) {
    }

    public TodaysPrompt today(String userId, Practice practice, ZoneId zone) {
        int place = Prompts.placeForDay(userId, practice, LocalDate.now(clock.withZone(zone)));
        Locale locale = languages.localeOf(userId);
        return new TodaysPrompt(place, Prompts.text(practice, place, locale), locale);
    }
}
