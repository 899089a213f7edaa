package app.openly.insights.domain;

import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.insights.domain.logic.IsoWeeks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.List;

/**
 * The precomputed weekly sums per person, practice and theme (kept exact under revisions and deletes), and
 * the erasure of everything insights keeps about a person. Streaks and pauses: {@link StreakStore}; the
 * person's row: {@link PersonStore}. Writes happen in the consumer's transaction.
 */
@ApplicationScoped
public class InsightsStore {

    @Inject
    EntityManager em;

    /** Adds ({@code sign} = +1) or takes back (−1) one entry's contribution to its week. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void contribute(String userId, LocalDate day, Practice practice, PracticeMetrics m, List<String> themes, int sign) {
        LocalDate week = IsoWeeks.monday(day);
        boolean courage = m.courage() != null;
        boolean intensity = m.intensityBefore() != null && m.intensityAfter() != null;
        boolean calm = m.calmBefore() != null && m.calmAfter() != null;
        em.createNativeQuery("""
                        insert into weekly_practice as w (user_id, week_start, practice, entries, courage_sum, courage_n,
                            intensity_before_sum, intensity_after_sum, intensity_n, calm_before_sum, calm_after_sum, calm_n, minutes_sum)
                        values (:userId, :weekStart, :practice, :entries, :courageSum, :courageN, :intensityBeforeSum, :intensityAfterSum, :intensityN,
                            :calmBeforeSum, :calmAfterSum, :calmN, :minutesSum)
                        on conflict (user_id, week_start, practice) do update set
                            entries = w.entries + excluded.entries,
                            courage_sum = w.courage_sum + excluded.courage_sum, courage_n = w.courage_n + excluded.courage_n,
                            intensity_before_sum = w.intensity_before_sum + excluded.intensity_before_sum,
                            intensity_after_sum = w.intensity_after_sum + excluded.intensity_after_sum,
                            intensity_n = w.intensity_n + excluded.intensity_n,
                            calm_before_sum = w.calm_before_sum + excluded.calm_before_sum,
                            calm_after_sum = w.calm_after_sum + excluded.calm_after_sum,
                            calm_n = w.calm_n + excluded.calm_n,
                            minutes_sum = w.minutes_sum + excluded.minutes_sum""")
                .setParameter("userId", userId).setParameter("weekStart", week).setParameter("practice", practice.name())
                .setParameter("entries", sign)
                .setParameter("courageSum", courage ? sign * m.courage() : 0).setParameter("courageN", courage ? sign : 0)
                .setParameter("intensityBeforeSum", intensity ? sign * m.intensityBefore() : 0)
                .setParameter("intensityAfterSum", intensity ? sign * m.intensityAfter() : 0).setParameter("intensityN", intensity ? sign : 0)
                .setParameter("calmBeforeSum", calm ? sign * m.calmBefore() : 0)
                .setParameter("calmAfterSum", calm ? sign * m.calmAfter() : 0).setParameter("calmN", calm ? sign : 0)
                .setParameter("minutesSum", m.minutes() == null ? 0 : sign * m.minutes())
                .executeUpdate();
        for (String theme : themes) {
            em.createNativeQuery("""
                            insert into weekly_theme as t (user_id, week_start, theme, entries) values (:userId, :weekStart, :theme, :entries)
                            on conflict (user_id, week_start, theme) do update set entries = t.entries + excluded.entries""")
                    .setParameter("userId", userId).setParameter("weekStart", week).setParameter("theme", theme).setParameter("entries", sign)
                    .executeUpdate();
        }
        if (sign < 0) {
            // Taking back the week's last entry restores the state before it: no row of zeros is left (issue 18).
            em.createNativeQuery("""
                            delete from weekly_practice where user_id = :userId and week_start = :weekStart and practice = :practice
                              and entries = 0 and courage_n = 0 and intensity_n = 0 and calm_n = 0 and minutes_sum = 0""")
                    .setParameter("userId", userId).setParameter("weekStart", week).setParameter("practice", practice.name())
                    .executeUpdate();
            for (String theme : themes) {
                em.createNativeQuery("delete from weekly_theme where user_id = :userId and week_start = :weekStart and theme = :theme and entries = 0")
                        .setParameter("userId", userId).setParameter("weekStart", week).setParameter("theme", theme)
                        .executeUpdate();
            }
        }
    }

    /** The platform's catalogue of personal-data tables, shared by erasure and export. */
    @Inject
    app.openly.platform.privacy.PersonalData personalData;

    /** Removes every row of a person (UserErased): every table of the catalogue, the same the export reads. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(String userId) {
        personalData.erase(userId);
    }
}
