package app.openly.insights.domain.logic;

import app.openly.events.Practice;
import app.openly.insights.domain.logic.PrivacyBudget.Share;
import app.openly.insights.domain.logic.WeeklySummaryBuilder.PracticeSums;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An organization's week as it is published once, when the week has closed everywhere: every figure is an
 * integer count or a sum of values clamped to an integer range, with discrete Laplace noise calibrated to
 * how much one person can move it. Whatever is shown later is computed from the stored {@link Release}
 * alone, so reloading shows the same figures and nothing a person does afterwards can move them.
 * <p>
 * What one person can move (Δ), and why the clamps: a person's sessions count up to
 * {@value #MAX_SESSIONS_PER_PERSON}; each practice counts a person once (five practices: Δ = 5 over the mix);
 * a person's average before→after change counts in tenths within ±{@value #CHANGE_CLAMP_TENTHS}
 * (±5 points); a person counts for at most {@value #MAX_THEMES_PER_PERSON} themes (their most written).
 */
public final class OrgWeekRelease {

    public static final int MAX_SESSIONS_PER_PERSON = 14;
    public static final int CHANGE_CLAMP_TENTHS = 50;
    public static final int MAX_THEMES_PER_PERSON = 2;

    private OrgWeekRelease() {
    }

    /** One counted member's week; it never leaves this computation. */
    public record MemberWeek(Map<Practice, PracticeSums> practices, Map<String, Integer> themes) {
    }

    /** The exact, clamped inputs of a release (tested without noise; never stored, never shown). */
    public record Contributions(long participants, long sessions, Map<Practice, Long> practicePeople, long intensityPeople,
                                long intensityChangeTenths, long calmPeople, long calmChangeTenths, Map<String, Long> themePeople) {
    }

    /** The noisy figures, stored once; the themes are only a ranked list. */
    public record Release(long participants, long sessions, Map<Practice, Long> practicePeople, long intensityPeople,
                          long intensityChangeTenths, long calmPeople, long calmChangeTenths, List<String> themes) {
    }

    public static Contributions contributions(List<MemberWeek> members, List<String> themeVocabulary) {
        long participants = 0;
        long sessions = 0;
        Map<Practice, Long> practicePeople = new EnumMap<>(Practice.class);
        for (Practice p : Practice.values()) {
            practicePeople.put(p, 0L);
        }
        long intensityPeople = 0;
        long intensityTenths = 0;
        long calmPeople = 0;
        long calmTenths = 0;
        Map<String, Long> themePeople = new LinkedHashMap<>();
        themeVocabulary.forEach(t -> themePeople.put(t, 0L));
        for (MemberWeek m : members) {
            int entries = m.practices().values().stream().mapToInt(PracticeSums::entries).sum();
            if (entries <= 0) {
                continue; // counted, but took no part this week
            }
            participants++;
            sessions += Math.min(entries, MAX_SESSIONS_PER_PERSON);
            m.practices().forEach((practice, sums) -> {
                if (sums.entries() > 0) {
                    practicePeople.merge(practice, 1L, Long::sum);
                }
            });
            PracticeSums critic = m.practices().getOrDefault(Practice.INNER_CRITIC_REFRAME, PracticeSums.NONE);
            if (critic.intensityN() > 0) {
                intensityPeople++;
                intensityTenths += changeTenths(critic.intensityAfterSum() - critic.intensityBeforeSum(), critic.intensityN());
            }
            PracticeSums body = m.practices().getOrDefault(Practice.BODY_ANCHOR, PracticeSums.NONE);
            if (body.calmN() > 0) {
                calmPeople++;
                calmTenths += changeTenths(body.calmAfterSum() - body.calmBeforeSum(), body.calmN());
            }
            m.themes().entrySet().stream()
                    .filter(e -> e.getValue() > 0 && themePeople.containsKey(e.getKey()))
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(MAX_THEMES_PER_PERSON)
                    .forEach(e -> themePeople.merge(e.getKey(), 1L, Long::sum));
        }
        return new Contributions(participants, sessions, practicePeople, intensityPeople, intensityTenths, calmPeople, calmTenths, themePeople);
    }

    /** A person's average change over their entries, in tenths of a point, clamped to ±CHANGE_CLAMP_TENTHS. */
    static long changeTenths(int changeSum, int entries) {
        long tenths = Math.round(10.0 * changeSum / entries);
        return Math.max(-CHANGE_CLAMP_TENTHS, Math.min(CHANGE_CLAMP_TENTHS, tenths));
    }

    /**
     * Adds the noise, once. Themes: every theme of the (data-independent) vocabulary gets a noisy count of
     * people; those reaching k are listed by that count, and the counts are dropped.
     */
    public static Release release(Contributions c, PrivacyBudget budget, int k, DiscreteLaplace noise) {
        Map<Practice, Long> mix = new EnumMap<>(Practice.class);
        c.practicePeople().forEach((p, n) -> mix.put(p, n + budget.noise(noise, Share.PRACTICE_MIX, Practice.values().length)));
        Map<String, Long> noisyThemes = new LinkedHashMap<>();
        c.themePeople().forEach((t, n) -> noisyThemes.put(t, n + budget.noise(noise, Share.THEMES, MAX_THEMES_PER_PERSON)));
        List<String> themes = new ArrayList<>(noisyThemes.entrySet().stream()
                .filter(e -> e.getValue() >= k)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList());
        return new Release(
                c.participants() + budget.noise(noise, Share.PARTICIPANTS, 1),
                c.sessions() + budget.noise(noise, Share.SESSIONS, MAX_SESSIONS_PER_PERSON),
                mix,
                c.intensityPeople() + budget.noise(noise, Share.INTENSITY_PEOPLE, 1),
                c.intensityChangeTenths() + budget.noise(noise, Share.INTENSITY_CHANGE, CHANGE_CLAMP_TENTHS),
                c.calmPeople() + budget.noise(noise, Share.CALM_PEOPLE, 1),
                c.calmChangeTenths() + budget.noise(noise, Share.CALM_CHANGE, CHANGE_CLAMP_TENTHS),
                List.copyOf(themes));
    }
}
