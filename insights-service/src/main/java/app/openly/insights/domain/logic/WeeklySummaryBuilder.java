package app.openly.insights.domain.logic;

import app.openly.events.Practice;
import app.openly.platform.i18n.Languages;
import app.openly.platform.i18n.Texts;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a week's precomputed figures into the weekly summary: numbers, warm highlights from templates,
 * one gentle suggestion for a practice the person has not touched, and the not-medical-advice footer.
 * Pure Java; every sentence comes from the bundle {@code i18n/insights} in the person's language (a test checks
 * every language for shame wording, missing keys and differing placeholders).
 */
public final class WeeklySummaryBuilder {

    /** The service's sentences in English, German, Spanish and French ({@code i18n/insights}). */
    public static final Texts TEXTS = new Texts("insights", WeeklySummaryBuilder.class);

    public static final String FOOTER = TEXTS.text(Languages.DEFAULT, "footer");

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

    /** What a highlight is about, for clients that word their own sentences; the figures are in the summary. */
    public enum Highlight {
        QUIET_WEEK, YOUNG_WEEK, DAYS_PRACTICED, HONEST_SENTENCES, CRITIC_SOFTENED, BODY_CALM, RITUAL_EVENINGS, LISTENING,
        /** With a ritual partner (always last): the evenings both shared this week, and the shared streak from 2 nights. */
        SHARED_RITUAL_EVENINGS,
        /** With a ritual partner, in a week without a shared evening: the ritual waits for them both. */
        SHARED_RITUAL_WAITS
    }

    /**
     * @param highlights        up to three sentences in the person's language
     * @param highlightCodes    what each of {@code highlights} is about, in the same order
     * @param suggestedPractice the practice the suggestion invites to; null when every practice was touched
     * @param locale            the language the sentences are in
     */
    public record Summary(int daysPracticed, Map<Practice, Integer> entriesByPractice, List<ThemeChange> topThemes,
                          Double courageAverage, Double courageAveragePreviousWeek, String courageTrend,
                          BeforeAfter innerCriticIntensity, BeforeAfter bodyAnchorCalm, int presentListeningMinutes,
                          int ritualNightsKept, List<String> highlights, List<Highlight> highlightCodes, String suggestion,
                          Practice suggestedPractice, String footer, String locale) {
    }

    private WeeklySummaryBuilder() {
    }

    /** The summary of a week that has ended, in English. */
    public static Summary build(WeekFigures week, WeekFigures previous) {
        return build(week, previous, false);
    }

    /** In English; see {@link #build(WeekFigures, WeekFigures, boolean, Locale)}. */
    public static Summary build(WeekFigures week, WeekFigures previous, boolean inProgress) {
        return build(week, previous, inProgress, Languages.DEFAULT);
    }

    /**
     * @param inProgress the week has not ended yet in the person's zone: a quiet start is not "a quiet week"
     * @param locale     the person's language: every sentence, number and plural is worded in it
     */
    public static Summary build(WeekFigures week, WeekFigures previous, boolean inProgress, Locale locale) {
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

        Map<Highlight, Object[]> highlights = new LinkedHashMap<>();
        if (week.daysPracticed() == 0) {
            highlights.put(inProgress ? Highlight.YOUNG_WEEK : Highlight.QUIET_WEEK, new Object[0]);
        } else {
            highlights.put(Highlight.DAYS_PRACTICED, new Object[]{week.daysPracticed()});
        }
        if (honest.entries() > 0) {
            highlights.put(Highlight.HONEST_SENTENCES, new Object[]{honest.entries()});
        }
        if (intensity.before() != null && intensity.after() != null && intensity.after() < intensity.before()) {
            highlights.put(Highlight.CRITIC_SOFTENED, new Object[]{intensity.before(), intensity.after()});
        }
        if (calm.before() != null && calm.after() != null && calm.after() > calm.before()) {
            highlights.put(Highlight.BODY_CALM, new Object[]{calm.before(), calm.after()});
        }
        if (week.ritualNights() > 0) {
            highlights.put(Highlight.RITUAL_EVENINGS, new Object[]{week.ritualNights()});
        }
        if (listening > 0) {
            highlights.put(Highlight.LISTENING, new Object[]{listening});
        }
        List<Highlight> top = highlights.keySet().stream().limit(3).toList();
        List<String> sentences = top.stream().map(h -> TEXTS.text(locale, "highlight." + h.name(), highlights.get(h))).toList();
        Practice suggested = SUGGESTION_ORDER.stream()
                .filter(p -> week.of(p).entries() == 0)
                .min(Comparator.comparingInt(p -> previous.of(p).entries() > 0 ? 1 : 0))
                .orElse(null);
        String suggestion = TEXTS.text(locale, suggested == null ? "suggestion.EVERY_PRACTICE" : "suggestion." + suggested.name());
        return new Summary(week.daysPracticed(), counts, themes, round(courage), round(prevCourage), trend, round(intensity), round(calm),
                listening, week.ritualNights(), sentences, top, suggestion, suggested, TEXTS.text(locale, "footer"),
                Languages.supported(locale.toLanguageTag()).orElse(Languages.DEFAULT).getLanguage());
    }

    /**
     * The week's warm words about the ritual shared with a partner (issue 12), in the person's language: the evenings
     * both shared this week and the shared streak, or, in a week without one, that the ritual waits for them both.
     */
    public static String sharedRitual(int nightsThisWeek, int sharedStreak, Locale locale) {
        if (nightsThisWeek == 0) {
            return TEXTS.text(locale, "highlight." + Highlight.SHARED_RITUAL_WAITS.name());
        }
        String evenings = TEXTS.text(locale, "highlight." + Highlight.SHARED_RITUAL_EVENINGS.name(), nightsThisWeek);
        return sharedStreak >= 2 ? evenings + " " + TEXTS.text(locale, "highlight.SHARED_RITUAL_STREAK", sharedStreak) : evenings;
    }

    /** In English; see {@link #sharedRitual(int, int, Locale)}. */
    public static String sharedRitual(int nightsThisWeek, int sharedStreak) {
        return sharedRitual(nightsThisWeek, sharedStreak, Languages.DEFAULT);
    }

    /** What the shared-ritual line is about: the evenings shared this week, or that the ritual waits. */
    public static Highlight sharedRitualCode(int nightsThisWeek) {
        return nightsThisWeek == 0 ? Highlight.SHARED_RITUAL_WAITS : Highlight.SHARED_RITUAL_EVENINGS;
    }

    /** The summary with the shared ritual's line and its code last (the ritual's words come after the person's own). */
    public static Summary withSharedRitual(Summary s, int nightsThisWeek, int sharedStreak, Locale locale) {
        List<String> highlights = new java.util.ArrayList<>(s.highlights());
        highlights.add(sharedRitual(nightsThisWeek, sharedStreak, locale));
        List<Highlight> codes = new java.util.ArrayList<>(s.highlightCodes());
        codes.add(sharedRitualCode(nightsThisWeek));
        return new Summary(s.daysPracticed(), s.entriesByPractice(), s.topThemes(), s.courageAverage(), s.courageAveragePreviousWeek(),
                s.courageTrend(), s.innerCriticIntensity(), s.bodyAnchorCalm(), s.presentListeningMinutes(), s.ritualNightsKept(),
                List.copyOf(highlights), List.copyOf(codes), s.suggestion(), s.suggestedPractice(), s.footer(), s.locale());
    }

    /** The shared ritual's sentences in every language, for the wording test. */
    public static List<String> sharedRitualSentences() {
        List<String> all = new java.util.ArrayList<>();
        for (Locale language : Languages.SUPPORTED) {
            all.addAll(List.of(sharedRitual(0, 0, language), sharedRitual(1, 1, language), sharedRitual(3, 5, language)));
        }
        return List.copyOf(all);
    }

    /** When several practices are untouched, the first in the practices' own order (one not touched last week first). */
    static final List<Practice> SUGGESTION_ORDER = List.of(Practice.values());

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
