package app.openly.reminder.domain.logic;

import app.openly.events.Practice;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Warm, guilt-free reminder messages: an invitation, never an obligation. */
public final class Messages {

    static final Map<Practice, String> MESSAGES = new EnumMap<>(Map.of(
            Practice.HONEST_SENTENCE, "If it feels right today, one honest sentence with someone you trust is enough.",
            Practice.PRESENT_LISTENING, "A small invitation: listen to someone for a few minutes, just to hear them.",
            Practice.RITUAL_OF_OPENNESS, "A quiet moment for your ritual of openness, whenever it feels right.",
            Practice.INNER_CRITIC_REFRAME, "If the inner critic is loud today, you can answer it gently: it's safe to be real.",
            Practice.BODY_ANCHOR, "A hand on your heart and a few slow breaths are here for you whenever you need them."));

    /** GET /reminders/next while no practice is chosen: how to turn reminders on, without asking for it. */
    public static final String NO_PRACTICE_CHOSEN = "No reminders for now. If you would like some, choose a practice and a time "
            + "that suits you in your reminder preferences; a practice you record also gets gentle reminders, unless you turned them off.";

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

    public static String message(Practice practice) {
        return MESSAGES.get(practice);
    }

    /** Every sentence a person may read from this service's planner and schedule. */
    public static List<String> all() {
        List<String> all = new java.util.ArrayList<>(MESSAGES.values());
        all.add(NO_PRACTICE_CHOSEN);
        all.add(PARTNER_SHARED_TONIGHT);
        all.add(PARTNER_NUDGE);
        return List.copyOf(all);
    }

    /** Every ritual sentence a person may read (messages and reasons), for the wording test. */
    public static List<String> ritualSentences() {
        return List.of(PARTNER_SHARED_TONIGHT, PARTNER_NUDGE, sharedEvening(java.time.LocalTime.of(21, 30)), NO_SHARED_EVENING);
    }
}
