package app.openly.journal.domain;

import app.openly.events.Practice;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Gentle prompts, a curated list per practice. Each person walks through their own shuffled order
 * of the list, one prompt a local day, so a prompt never repeats until all the others have been shown.
 */
public final class Prompts {

    static final Map<Practice, List<String>> PROMPTS = new EnumMap<>(Practice.class);

    static {
        PROMPTS.put(Practice.HONEST_SENTENCE, List.of(
                "What is one true thing you could say today to someone you trust?",
                "Is there a small feeling you've been keeping to yourself? One sentence is enough.",
                "Try starting with \"Honestly, I've been feeling…\" and see where it goes.",
                "Who would you like to know you a little better? What could you tell them?",
                "Name one thing you need, simply and kindly.",
                "What would you say if you weren't worried about how it lands?",
                "A brave sentence can be quiet. What's yours today?"));
        PROMPTS.put(Practice.PRESENT_LISTENING, List.of(
                "Today, listen to someone for a few minutes without offering a fix.",
                "Notice the urge to advise, and let it pass like a wave.",
                "Ask one open question and let the silence after it be comfortable.",
                "Try reflecting back what you heard: \"It sounds like…\"",
                "Let someone finish their thought completely before you answer.",
                "What might this person need most right now: a solution, or to be heard?"));
        PROMPTS.put(Practice.RITUAL_OF_OPENNESS, List.of(
                "Tonight, share one thing you're grateful for about each other.",
                "Is there a truth you haven't said yet? It can be small and gentle.",
                "Tell them about one moment today when you felt close to them.",
                "Share something you appreciated but didn't mention at the time.",
                "What is one thing you'd like them to know about your day, underneath the facts?",
                "Take turns: one gratitude, one gentle truth."));
        PROMPTS.put(Practice.INNER_CRITIC_REFRAME, List.of(
                "When the inner critic speaks today, try answering: \"It's safe to be real.\"",
                "What would you say to a friend who heard the same whisper?",
                "Notice the critic's words, then write a kinder sentence beside them.",
                "Your worth isn't measured by today's performance. What else is true?",
                "Thank the critic for trying to protect you, and choose a gentler voice.",
                "Which part of you needs reassurance right now?"));
        PROMPTS.put(Practice.BODY_ANCHOR, List.of(
                "Place a hand on your heart and take five slow breaths.",
                "Notice where you feel tension, and breathe gently into that place.",
                "Breathe in for four, out for six, a few times. Nothing else to do.",
                "Feel your feet on the ground. You are here, and that is enough.",
                "Before a hard conversation, give yourself three slow breaths.",
                "Let your shoulders drop a little with each out-breath."));
    }

    private Prompts() {
    }

    /** Today's prompt for the person: position {@code day mod n} of the person's own shuffle of the list. */
    public static String forDay(String userId, Practice practice, LocalDate day) {
        List<String> prompts = PROMPTS.get(practice);
        int n = prompts.size();
        long cycle = Math.floorDiv(day.toEpochDay(), n);
        // A new shuffle every cycle, but the same one for the whole cycle: no repeats within it.
        List<String> order = new ArrayList<>(prompts);
        Collections.shuffle(order, new Random(userId.hashCode() * 31L + practice.ordinal() * 1_000_003L + cycle));
        return order.get((int) Math.floorMod(day.toEpochDay(), n));
    }
}
