package app.openly.insights.domain.logic;

import app.openly.events.Practice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a week's precomputed figures into the weekly summary: numbers, warm highlights from templates,
 * one gentle suggestion for a practice the person has not touched, and the not-medical-advice footer.
 * Pure Java; every sentence comes from the templates below (a test checks them for shame wording).
 */
public final class WeeklySummaryBuilder {

    public static final String FOOTER = "Openly supports reflection and connection. It is not medical advice; "
            + "if you are struggling, please reach out to someone you trust or a professional.";

    /** Sums of one practice in one week. */
    public record PracticeSums(int entries, int courageSum, int courageN, int intensityBeforeSum, int intensityAfterSum,
                               int intensityN, int calmBeforeSum, int calmAfterSum, int calmN, int minutesSum) {
        public static final PracticeSums NONE = new PracticeSums(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public record WeekFigures(Map<Practice, PracticeSums> practices, Map<String, Integer> themes, int daysPracticed, int ritualNights) {
        PracticeSums of(Practice p) {
            return practices.getOrDefault(p, PracticeSums.NONE);
        }
    }

    public record ThemeChange(String theme, int entries, int changeFromPreviousWeek) {
    }

    public record BeforeAfter(Double before, Double after) {
    }

    public record Summary(int daysPracticed, Map<Practice, Integer> entriesByPractice, List<ThemeChange> topThemes,
                          Double courageAverage, Double courageAveragePreviousWeek, String courageTrend,
                          BeforeAfter innerCriticIntensity, BeforeAfter bodyAnchorCalm, int presentListeningMinutes,
                          int ritualNightsKept, List<String> highlights, String suggestion, String footer) {
    }

    static final Map<Practice, String> SUGGESTIONS = new EnumMap<>(Map.of(
            Practice.HONEST_SENTENCE, "Try one honest sentence with someone you trust.",
            Practice.PRESENT_LISTENING, "Next week, you might listen to someone for a few minutes without fixing anything.",
            Practice.RITUAL_OF_OPENNESS, "Perhaps one evening, share a small gratitude with someone close.",
            Practice.INNER_CRITIC_REFRAME, "When the inner critic whispers, you could answer it gently: \"It's safe to be real.\"",
            Practice.BODY_ANCHOR, "When you feel like pulling away, try a hand on your heart and three slow breaths."));

    private WeeklySummaryBuilder() {
    }

    static final String QUIET_WEEK = "This was a quiet week, and that's okay. Rest is part of the rhythm too.";
    static final String YOUNG_WEEK = "This week is still young. Whenever it feels right, one small moment of openness is enough.";

    /** The summary of a week that has ended. */
    public static Summary build(WeekFigures week, WeekFigures previous) {
        return build(week, previous, false);
    }

    /** @param inProgress the week has not ended yet in the person's zone: a quiet start is not "a quiet week" */
    public static Summary build(WeekFigures week, WeekFigures previous, boolean inProgress) {
        Map<Practice, Integer> counts = new EnumMap<>(Practice.class);
        for (Practice p : Practice.values()) {
            if (week.of(p).entries() > 0) {
                counts.put(p, week.of(p).entries());
            }
        }
        List<ThemeChange> themes = week.themes().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3)
                .map(e -> new ThemeChange(e.getKey(), e.getValue(), e.getValue() - previous.themes().getOrDefault(e.getKey(), 0)))
                .toList();
        PracticeSums honest = week.of(Practice.HONEST_SENTENCE);
        Double courage = avg(honest.courageSum(), honest.courageN());
        PracticeSums prevHonest = previous.of(Practice.HONEST_SENTENCE);
        Double prevCourage = avg(prevHonest.courageSum(), prevHonest.courageN());
        String trend = courage == null || prevCourage == null ? null
                : courage > prevCourage + 0.25 ? "RISING" : courage < prevCourage - 0.25 ? "LOWER" : "STEADY";
        PracticeSums critic = week.of(Practice.INNER_CRITIC_REFRAME);
        PracticeSums body = week.of(Practice.BODY_ANCHOR);
        var intensity = new BeforeAfter(avg(critic.intensityBeforeSum(), critic.intensityN()), avg(critic.intensityAfterSum(), critic.intensityN()));
        var calm = new BeforeAfter(avg(body.calmBeforeSum(), body.calmN()), avg(body.calmAfterSum(), body.calmN()));
        int listening = week.of(Practice.PRESENT_LISTENING).minutesSum();

        List<String> highlights = new ArrayList<>();
        if (week.daysPracticed() == 0) {
            highlights.add(inProgress ? YOUNG_WEEK : QUIET_WEEK);
        } else {
            highlights.add("You showed up for yourself on " + week.daysPracticed() + (week.daysPracticed() == 1 ? " day" : " days") + " this week.");
        }
        if (honest.entries() > 0) {
            highlights.add("You shared " + honest.entries() + (honest.entries() == 1 ? " honest sentence" : " honest sentences")
                    + ". Each one is a small act of courage.");
        }
        if (intensity.before() != null && intensity.after() != null && intensity.after() < intensity.before()) {
            highlights.add(String.format("When the inner critic spoke, your gentler answer softened it from %.1f to %.1f.",
                    intensity.before(), intensity.after()));
        }
        if (calm.before() != null && calm.after() != null && calm.after() > calm.before()) {
            highlights.add(String.format("Your body anchor moments brought calm from %.1f to %.1f.", calm.before(), calm.after()));
        }
        if (week.ritualNights() > 0) {
            highlights.add("You kept " + week.ritualNights() + (week.ritualNights() == 1 ? " evening" : " evenings") + " of openness with someone close.");
        }
        if (listening > 0) {
            highlights.add("You listened with presence for " + listening + " minutes.");
        }
        List<String> top = highlights.subList(0, Math.min(3, highlights.size()));
        String suggestion = SUGGESTIONS.entrySet().stream()
                .filter(e -> week.of(e.getKey()).entries() == 0)
                .min(Comparator.comparingInt(e -> previous.of(e.getKey()).entries() > 0 ? 1 : 0))
                .map(Map.Entry::getValue)
                .orElse("You touched every practice this week. Keep whatever felt most alive for you.");
        return new Summary(week.daysPracticed(), counts, themes, round(courage), round(prevCourage), trend, round(intensity), round(calm),
                listening, week.ritualNights(), List.copyOf(top), suggestion, FOOTER);
    }

    /**
     * The week's warm words about the ritual shared with a partner (issue 12): the evenings both shared this
     * week and the shared streak, or, in a week without one, that the ritual waits for them both.
     */
    public static String sharedRitual(int nightsThisWeek, int sharedStreak) {
        if (nightsThisWeek == 0) {
            return SHARED_RITUAL_WAITS;
        }
        String evenings = "You and your partner opened up to each other on " + nightsThisWeek
                + (nightsThisWeek == 1 ? " evening" : " evenings") + " this week.";
        return sharedStreak >= 2 ? evenings + " Together you have kept " + sharedStreak + " nights in a row, with room for a rest day."
                : evenings;
    }

    static final String SHARED_RITUAL_WAITS = "Your shared ritual is there for you both, whenever it feels right.";

    /** The summary with one more highlight (the shared ritual's words come after the person's own). */
    public static Summary withHighlight(Summary s, String highlight) {
        List<String> highlights = new ArrayList<>(s.highlights());
        highlights.add(highlight);
        return new Summary(s.daysPracticed(), s.entriesByPractice(), s.topThemes(), s.courageAverage(), s.courageAveragePreviousWeek(),
                s.courageTrend(), s.innerCriticIntensity(), s.bodyAnchorCalm(), s.presentListeningMinutes(), s.ritualNightsKept(),
                List.copyOf(highlights), s.suggestion(), s.footer());
    }

    /** Every sentence template, for the wording test. */
    public static List<String> allTemplates() {
        List<String> all = new ArrayList<>(SUGGESTIONS.values());
        all.add(FOOTER);
        all.add(QUIET_WEEK);
        all.add(YOUNG_WEEK);
        all.add("You touched every practice this week. Keep whatever felt most alive for you.");
        all.add("You showed up for yourself on 3 days this week.");
        all.add("Each one is a small act of courage.");
        all.add("When the inner critic spoke, your gentler answer softened it");
        all.add("Your body anchor moments brought calm");
        all.add("You kept 2 evenings of openness with someone close.");
        all.add("You listened with presence for 20 minutes.");
        all.add(sharedRitual(0, 0));
        all.add(sharedRitual(1, 1));
        all.add(sharedRitual(3, 5));
        return all;
    }

    private static Double avg(int sum, int n) {
        return n <= 0 ? null : (double) sum / n;
    }

    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 10) / 10.0;
    }

    private static BeforeAfter round(BeforeAfter b) {
        return new BeforeAfter(round(b.before()), round(b.after()));
    }
}
