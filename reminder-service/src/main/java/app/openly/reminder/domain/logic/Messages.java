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

    private Messages() {
    }

    public static String message(Practice practice) {
        return MESSAGES.get(practice);
    }

    /** Every sentence a person may read from this service's planner and schedule. */
    public static List<String> all() {
        List<String> all = new java.util.ArrayList<>(MESSAGES.values());
        all.add(NO_PRACTICE_CHOSEN);
        return List.copyOf(all);
    }
}
