package app.openly.insights.domain.logic;

import app.openly.events.Practice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an organization sees of a published week: the stored noisy figures, rounded for display (counts to
 * whole people or sessions, averages to one decimal). Pure post-processing of the {@link OrgWeekRelease.Release},
 * so it spends no privacy. A figure whose noisy count of people is below k is shown as suppressed, and a
 * week with fewer than k noisy participants shows no figures at all.
 */
public record OrgWeekView(Figure participants, Figure sessions, Figure sessionsPerParticipant, Map<Practice, Figure> practiceMix,
                          List<String> themes, Figure averageIntensityChange, Figure averageCalmChange) {

    /** A shown value, or suppressed (no value). */
    public record Figure(Double value, boolean suppressed) {
        static final Figure SUPPRESSED = new Figure(null, true);

        static Figure of(double value) {
            return new Figure(value, false);
        }
    }

    public static OrgWeekView of(OrgWeekRelease.Release r, int k) {
        Map<Practice, Figure> mix = new LinkedHashMap<>();
        if (r.participants() < k) {
            for (Practice p : Practice.values()) {
                mix.put(p, Figure.SUPPRESSED);
            }
            return new OrgWeekView(Figure.SUPPRESSED, Figure.SUPPRESSED, Figure.SUPPRESSED, mix, List.of(), Figure.SUPPRESSED, Figure.SUPPRESSED);
        }
        long sessions = Math.max(0, r.sessions());
        for (Practice p : Practice.values()) {
            long people = r.practicePeople().getOrDefault(p, 0L);
            mix.put(p, people < k ? Figure.SUPPRESSED : Figure.of(people));
        }
        return new OrgWeekView(Figure.of(r.participants()), Figure.of(sessions),
                Figure.of(Math.round(10.0 * sessions / r.participants()) / 10.0), mix, r.themes(),
                average(r.intensityChangeTenths(), r.intensityPeople(), k), average(r.calmChangeTenths(), r.calmPeople(), k));
    }

    /** A noisy sum of tenths over a noisy count of people, within the clamp range (±5 points), to one decimal. */
    private static Figure average(long tenthsSum, long people, int k) {
        if (people < k) {
            return Figure.SUPPRESSED;
        }
        double tenths = Math.max(-OrgWeekRelease.CHANGE_CLAMP_TENTHS, Math.min(OrgWeekRelease.CHANGE_CLAMP_TENTHS, (double) tenthsSum / people));
        return Figure.of(Math.round(tenths) / 10.0);
    }
}
