package app.openly.reminder.domain.logic;

import app.openly.events.Practice;
import app.openly.platform.i18n.Languages;
import app.openly.platform.i18n.Texts;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warm, guilt-free reminder sentences, an invitation and never an obligation, in the person's language:
 * all from the bundle {@code i18n/reminder} (English, German, Spanish, French).
 */
public final class Messages {

    public static final Texts TEXTS = new Texts("reminder", Messages.class);

    /** GET /reminders/next while no practice is chosen: how to turn reminders on, without asking for it (English). */
    public static final String NO_PRACTICE_CHOSEN = noPracticeChosen(Languages.DEFAULT);

    /**
     * The ritual reminder of a night the partner has already shared and the person has not: said once, by that
     * night's reminder, with nothing of the partner's text or name.
     */
    public static final String PARTNER_SHARED_TONIGHT = "Your partner has shared tonight's ritual. Yours is welcome too, "
            + "whenever it feels right.";

    /** The partner nudge (when no ritual reminder of that night is still to come): gentle, at most once a night. */
    public static final String PARTNER_NUDGE = "Your partner has shared tonight's ritual. If it feels right, yours can join it.";

    private static final java.time.format.DateTimeFormatter HH_MM = java.time.format.DateTimeFormatter.ofPattern("HH:mm");

    /** The reason of an aligned ritual reminder. */
    public static String sharedEvening(java.time.LocalTime time) {
        return "This comes at " + HH_MM.format(time) + " so that you and your partner are both in your evening.";
    }

    /** Added to the reason when the two evenings do not meet on that date: each keeps their own time. */
    public static final String NO_SHARED_EVENING = "Your evening and your partner's do not meet on this day, so this stays at "
            + "the time that suits you; each of you can share whenever it feels right, and the ritual waits for you both.";

    private Messages() {
    }

    /** The practice's invitation in English. */
    public static String message(Practice practice) {
        return message(practice, Languages.DEFAULT);
    }

    public static String message(Practice practice, Locale locale) {
        return TEXTS.text(locale, "message." + practice.name());
    }

    public static String noPracticeChosen(Locale locale) {
        return TEXTS.text(locale, "no-practice-chosen");
    }

    /** A sentence of the bundle, e.g. {@code reason.snoozed} with its minutes. */
    public static String text(Locale locale, String key, Object... args) {
        return TEXTS.text(locale, key, args);
    }

    /** A local time as people of this language write it: 21:40 in German, 9:40 PM in English. */
    public static String time(LocalTime time, Locale locale) {
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).format(time);
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
        }
        // The ritual's sentences are English only for now (not yet in the bundle).
        all.add(PARTNER_SHARED_TONIGHT);
        all.add(PARTNER_NUDGE);
        return List.copyOf(all);
    }

    /** Every ritual sentence a person may read (messages and reasons), for the wording test. */
    public static List<String> ritualSentences() {
        return List.of(PARTNER_SHARED_TONIGHT, PARTNER_NUDGE, sharedEvening(java.time.LocalTime.of(21, 30)), NO_SHARED_EVENING);
    }
}
