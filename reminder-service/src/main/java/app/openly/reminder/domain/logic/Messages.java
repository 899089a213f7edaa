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

    private Messages() {
    }

    public static String message(Practice practice) {
        return MESSAGES.get(practice);
    }

    public static List<String> all() {
        return List.copyOf(MESSAGES.values());
    }
}
