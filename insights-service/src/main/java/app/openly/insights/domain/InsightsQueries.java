package app.openly.insights.domain;

import app.openly.events.Practice;
import app.openly.insights.domain.logic.WeeklySummaryBuilder.PracticeSums;
import app.openly.insights.domain.logic.WeeklySummaryBuilder.WeekFigures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads of a person's precomputed week: each touches a bounded number of rows. */
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

    private static int i(Object o) {
        return o == null ? 0 : ((Number) o).intValue();
    }
}
