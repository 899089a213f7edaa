package app.openly.insights.domain;

import app.openly.events.Practice;
import app.openly.insights.domain.logic.OrgAggregates;
import app.openly.insights.domain.logic.WeeklySummaryBuilder.PracticeSums;
import app.openly.insights.domain.logic.WeeklySummaryBuilder.WeekFigures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads of the precomputed tables: each touches a bounded number of rows (one week, one person or one org). */
@ApplicationScoped
public class InsightsQueries {

    @Inject
    EntityManager em;

    /** One person's figures for the week starting {@code monday}. */
    public WeekFigures week(String userId, LocalDate monday) {
        Map<Practice, PracticeSums> practices = new EnumMap<>(Practice.class);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select practice, entries, courage_sum, courage_n, intensity_before_sum, intensity_after_sum, intensity_n,
                               calm_before_sum, calm_after_sum, calm_n, minutes_sum
                        from weekly_practice where user_id = :userId and week_start = :weekStart""")
                .setParameter("userId", userId).setParameter("weekStart", monday).getResultList();
        for (Object[] r : rows) {
            practices.put(Practice.valueOf((String) r[0]), new PracticeSums(i(r[1]), i(r[2]), i(r[3]), i(r[4]), i(r[5]), i(r[6]),
                    i(r[7]), i(r[8]), i(r[9]), i(r[10])));
        }
        Map<String, Integer> themes = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> themeRows = em.createNativeQuery("select theme, entries from weekly_theme where user_id = :userId and week_start = :weekStart and entries > 0")
                .setParameter("userId", userId).setParameter("weekStart", monday).getResultList();
        themeRows.forEach(r -> themes.put((String) r[0], i(r[1])));
        Object[] days = (Object[]) em.createNativeQuery("""
                        select count(distinct local_date), count(distinct local_date) filter (where practice = 'RITUAL_OF_OPENNESS')
                        from daily_practice where user_id = :userId and local_date between :from and :to and entries > 0""")
                .setParameter("userId", userId).setParameter("from", monday).setParameter("to", monday.plusDays(6)).getSingleResult();
        return new WeekFigures(practices, themes, i(days[0]), i(days[1]));
    }

    /** The organization's opted-in members' week, as protected cells. */
    public OrgWeek orgWeek(String orgId, LocalDate monday, int k) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select w.user_id, w.practice, w.entries, w.intensity_before_sum, w.intensity_after_sum, w.intensity_n,
                               w.calm_before_sum, w.calm_after_sum, w.calm_n
                        from weekly_practice w join insights_person p on p.user_id = w.user_id
                        where p.org_id = :orgId and p.share_with_org and w.week_start = :weekStart and w.entries > 0""")
                .setParameter("orgId", orgId).setParameter("weekStart", monday).getResultList();
        Map<String, int[]> perPractice = new LinkedHashMap<>(); // sessions, people
        java.util.Set<String> participants = new java.util.HashSet<>();
        java.util.Set<String> intensityPeople = new java.util.HashSet<>();
        java.util.Set<String> calmPeople = new java.util.HashSet<>();
        double intensityChange = 0;
        int intensityN = 0;
        double calmChange = 0;
        int calmN = 0;
        int sessions = 0;
        for (Practice p : Practice.values()) {
            perPractice.put(p.name(), new int[2]);
        }
        for (Object[] r : rows) {
            String user = (String) r[0];
            participants.add(user);
            int[] cell = perPractice.get((String) r[1]);
            cell[0] += i(r[2]);
            cell[1] += 1;
            sessions += i(r[2]);
            if (i(r[5]) > 0) {
                intensityChange += i(r[4]) - i(r[3]);
                intensityN += i(r[5]);
                intensityPeople.add(user);
            }
            if (i(r[8]) > 0) {
                calmChange += i(r[7]) - i(r[6]);
                calmN += i(r[8]);
                calmPeople.add(user);
            }
        }
        Map<String, OrgAggregates.Cell> mix = new LinkedHashMap<>();
        perPractice.forEach((p, c) -> mix.put(p, OrgAggregates.Cell.of(c[0], c[1])));
        @SuppressWarnings("unchecked")
        List<Object[]> themeRows = em.createNativeQuery("""
                        select t.theme, count(distinct t.user_id) from weekly_theme t join insights_person p on p.user_id = t.user_id
                        where p.org_id = :orgId and p.share_with_org and t.week_start = :weekStart and t.entries > 0 group by t.theme order by t.theme""")
                .setParameter("orgId", orgId).setParameter("weekStart", monday).getResultList();
        Map<String, OrgAggregates.Cell> themes = new LinkedHashMap<>();
        // A theme shared by fewer than k people is left out rather than shown as suppressed: even "suppressed"
        // would tell the organization that someone among few wrote about grief or shame this week.
        themeRows.stream().filter(r -> i(r[1]) >= k).forEach(r -> themes.put((String) r[0], OrgAggregates.Cell.of(i(r[1]), i(r[1]))));
        int n = participants.size();
        return new OrgWeek(
                OrgAggregates.protect(OrgAggregates.Cell.of(n, n), k),
                OrgAggregates.protect(OrgAggregates.Cell.of(sessions, n), k),
                OrgAggregates.protect(OrgAggregates.Cell.of(n == 0 ? 0 : (double) sessions / n, n), k),
                n < k ? suppressAll(mix) : OrgAggregates.protectAdditive(mix, k),
                n < k ? Map.of() : themes,
                OrgAggregates.protect(OrgAggregates.Cell.of(intensityN == 0 ? 0 : intensityChange / intensityN, intensityPeople.size()), k),
                OrgAggregates.protect(OrgAggregates.Cell.of(calmN == 0 ? 0 : calmChange / calmN, calmPeople.size()), k));
    }

    public record OrgWeek(OrgAggregates.Cell participants, OrgAggregates.Cell sessions, OrgAggregates.Cell sessionsPerParticipant,
                          Map<String, OrgAggregates.Cell> practiceMix, Map<String, OrgAggregates.Cell> themeDistribution,
                          OrgAggregates.Cell averageIntensityChange, OrgAggregates.Cell averageCalmChange) {
    }

    private static Map<String, OrgAggregates.Cell> suppressAll(Map<String, OrgAggregates.Cell> cells) {
        Map<String, OrgAggregates.Cell> out = new LinkedHashMap<>();
        cells.forEach((key, c) -> out.put(key, new OrgAggregates.Cell(null, c.people(), true)));
        return out;
    }

    private static int i(Object o) {
        return o == null ? 0 : ((Number) o).intValue();
    }
}
