package app.openly.reminder.domain.logic;

import app.openly.events.Practice;
import app.openly.platform.i18n.Languages;
import app.openly.platform.i18n.Texts;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warm, guilt-free reminder sentences, an invitation and never an obligation, in the person's language:
 * all from the bundle {@code i18n/reminder} (English, German, Spanish, French).
 */
public final class Messages {

    public static final Texts TEXTS = new Texts("reminder", Messages.class);

    /**
     * Sentences already formatted, by language, key and arguments (times and counts, never a person's words). Every
     * re-plan words each reminder again (about a dozen sentences per person), and each wording looked the bundle up,
     * parsed its MessageFormat pattern and built a time formatter anew: the same few hundred sentences, formatted
     * again for every entry event (issue 17). The bundles never change while the service runs, so a sentence formatted
     * once is the sentence. Bounded: past {@link #MAX_SENTENCES} (at most ~2 MB) the rest are formatted each time, as before.
     */
    private static final Map<Sentence, String> SENTENCES = new ConcurrentHashMap<>();
    private static final int MAX_SENTENCES = 4096;

    private record Sentence(Locale locale, String key, List<Object> args) {
    }

    /** One short-time formatter per language we speak (immutable, thread-safe): building one per call cost a re-plan. */
    private static final Map<Locale, DateTimeFormatter> TIME_FORMATS = timeFormats();

    private static Map<Locale, DateTimeFormatter> timeFormats() {
        Map<Locale, DateTimeFormatter> formats = new HashMap<>();
        for (Locale language : Languages.SUPPORTED) {
            formats.put(language, DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(language));
        }
        return Map.copyOf(formats);
    }

    /** GET /reminders/next while no practice is chosen: how to turn reminders on, without asking for it (English). */
    public static final String NO_PRACTICE_CHOSEN = noPracticeChosen(Languages.DEFAULT);

    /**
     * The ritual reminder of a night the partner has already shared and the person has not: said once, by that
     * night's reminder, with nothing of the partner's text or name (English; {@link #partnerSharedTonight(Locale)}).
     */
    public static final String PARTNER_SHARED_TONIGHT = partnerSharedTonight(Languages.DEFAULT);

    /** The partner nudge in English; {@link #partnerNudge(Locale)}. */
    public static final String PARTNER_NUDGE = partnerNudge(Languages.DEFAULT);

    /** Added to the reason when the two evenings do not meet on that date, in English; {@link #noSharedEvening(Locale)}. */
    public static final String NO_SHARED_EVENING = noSharedEvening(Languages.DEFAULT);

    /** The test notification of POST /notifications/test, in English; {@link #testNotification(Locale)}. */
    public static final String TEST_NOTIFICATION = testNotification(Languages.DEFAULT);

    public static String partnerSharedTonight(Locale locale) {
        return TEXTS.text(locale, "ritual.partner-shared-tonight");
    }

    /** The partner nudge (when no ritual reminder of that night is still to come): gentle, at most once a night. */
    public static String partnerNudge(Locale locale) {
        return TEXTS.text(locale, "ritual.partner-nudge");
    }

    /** The reason of an aligned ritual reminder, the time written as people of the language write it. */
    public static String sharedEvening(LocalTime time, Locale locale) {
        return TEXTS.text(locale, "ritual.shared-evening", time(time, locale));
    }

    /** Added to the reason when the two evenings do not meet on that date: each keeps their own time. */
    public static String noSharedEvening(Locale locale) {
        return TEXTS.text(locale, "ritual.no-shared-evening");
    }

    /** "This is how your reminders will look": the body of POST /notifications/test. */
    public static String testNotification(Locale locale) {
        return TEXTS.text(locale, "test-notification");
    }

    private Messages() {
    }

    /** The practice's invitation in English. */
    public static String message(Practice practice) {
        return message(practice, Languages.DEFAULT);
    }

    public static String message(Practice practice, Locale locale) {
        return text(locale, "message." + practice.name());
    }

    public static String noPracticeChosen(Locale locale) {
        return TEXTS.text(locale, "no-practice-chosen");
    }

    /** A sentence of the bundle, e.g. {@code reason.snoozed} with its minutes. */
    public static String text(Locale locale, String key, Object... args) {
        Sentence sentence = new Sentence(locale, key, Arrays.asList(args));
        String known = SENTENCES.get(sentence);
        if (known != null) {
            return known;
        }
        String text = TEXTS.text(locale, key, args);
        if (SENTENCES.size() < MAX_SENTENCES) {
            SENTENCES.put(sentence, text);
        }
        return text;
    }

    /** A local time as people of this language write it: 21:40 in German, 9:40 PM in English. */
    public static String time(LocalTime time, Locale locale) {
        DateTimeFormatter format = TIME_FORMATS.get(locale);
        return (format != null ? format : DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale)).format(time);
    }

    /**
     * Every invitation and hint a person may read from this service's planner and schedule, in every language:
     * a notification's body must be one of them (nothing a person wrote can go out).
     */
    public static List<String> all() {
        return All.TEXTS;
    }

    /** Computed once, on first use: the delivery checks every notification's body against it. */
    private static final class All {
        static final List<String> TEXTS = compute();
    }

    private static List<String> compute() {
        List<String> all = new ArrayList<>();
        for (Locale language : Languages.SUPPORTED) {
            for (Practice p : Practice.values()) {
                all.add(message(p, language));
            }
            all.add(noPracticeChosen(language));
            all.add(partnerSharedTonight(language));
            all.add(partnerNudge(language));
        }
        return List.copyOf(all);
    }

    /** Every ritual sentence a person may read (messages and reasons), formatted, in every language: for the wording test. */
    public static List<String> ritualSentences() {
        List<String> all = new ArrayList<>();
        for (Locale language : Languages.SUPPORTED) {
            all.addAll(List.of(partnerSharedTonight(language), partnerNudge(language), sharedEvening(LocalTime.of(21, 30), language),
                    noSharedEvening(language)));
        }
        return List.copyOf(all);
    }
}
