package app.openly.insights.domain;

import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.insights.config.InsightsConfig;
import app.openly.insights.domain.logic.IsoWeeks;
import app.openly.insights.domain.logic.StreakCalculator;
import app.openly.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The precomputed aggregates: weekly sums per practice and theme, streak states, people's settings.
 * Writes happen in the consumer's transaction; reads touch a bounded number of rows.
 */
@ApplicationScoped
public class InsightsStore {

    public static final String ALL = "ALL";

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    InsightsConfig config;

    StreakCalculator calculator() {
        return new StreakCalculator(config.forgivenMissesPerWeek());
    }

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
                        values (:u, :w, :p, :e, :cs, :cn, :ibs, :ias, :in, :cbs, :cas, :caln, :min)
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
                .setParameter("u", userId).setParameter("w", week).setParameter("p", practice.name())
                .setParameter("e", sign)
                .setParameter("cs", courage ? sign * m.courage() : 0).setParameter("cn", courage ? sign : 0)
                .setParameter("ibs", intensity ? sign * m.intensityBefore() : 0)
                .setParameter("ias", intensity ? sign * m.intensityAfter() : 0).setParameter("in", intensity ? sign : 0)
                .setParameter("cbs", calm ? sign * m.calmBefore() : 0)
                .setParameter("cas", calm ? sign * m.calmAfter() : 0).setParameter("caln", calm ? sign : 0)
                .setParameter("min", m.minutes() == null ? 0 : sign * m.minutes())
                .executeUpdate();
        for (String theme : themes) {
            em.createNativeQuery("""
                            insert into weekly_theme as t (user_id, week_start, theme, entries) values (:u, :w, :t, :e)
                            on conflict (user_id, week_start, theme) do update set entries = t.entries + excluded.entries""")
                    .setParameter("u", userId).setParameter("w", week).setParameter("t", theme).setParameter("e", sign)
                    .executeUpdate();
        }
    }

    /** Remembers the person's latest zone and organization. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void touchPerson(String userId, String orgId, String zone) {
        em.createNativeQuery("""
                        insert into insights_person as p (user_id, org_id, time_zone, updated_at) values (:u, :o, :z, :t)
                        on conflict (user_id) do update set org_id = excluded.org_id, time_zone = excluded.time_zone, updated_at = excluded.updated_at""")
                .setParameter("u", userId).setParameter("o", orgId).setParameter("z", zone).setParameter("t", clock.instant())
                .executeUpdate();
    }

    /** The person's zone: from their latest entry, else UTC. */
    public ZoneId zoneOf(String userId) {
        @SuppressWarnings("unchecked")
        List<String> zones = em.createNativeQuery("select time_zone from insights_person where user_id = :u")
                .setParameter("u", userId).getResultList();
        return zones.isEmpty() ? ZoneId.of("UTC") : ZoneId.of(zones.get(0));
    }

    /** Recomputes, from the person's days, the stored streak state of each given practice and of ALL. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recomputeStreaks(String userId, Set<String> practices) {
        LocalDate today = LocalDate.now(clock.withZone(zoneOf(userId)));
        Set<LocalDate> paused = pausedDays(userId);
        Set<String> keys = new HashSet<>(practices);
        keys.add(ALL);
        for (String key : keys) {
            // 'ALL' matches any practice: one query shape for both.
            @SuppressWarnings("unchecked")
            List<Object> rows = em.createNativeQuery("""
                            select distinct local_date from daily_practice
                            where user_id = :u and (practice = :p or :p = 'ALL') and entries > 0""")
                    .setParameter("u", userId).setParameter("p", key).getResultList();
            TreeSet<LocalDate> days = new TreeSet<>();
            rows.forEach(r -> days.add(Rows.date(r)));
            save(userId, key, calculator().compute(days, paused, today));
        }
    }

    /** Streak states carried forward to today: bounded work whatever the history. */
    public List<StreakView> streaks(String userId) {
        ZoneId zone = zoneOf(userId);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select practice, current_run, longest_run, score, recent_misses, next_day, last_practiced
                        from streak_state where user_id = :u order by practice""")
                .setParameter("u", userId).getResultList();
        Set<LocalDate> paused = pausedDays(userId, today.minusDays(400));
        List<StreakView> views = new ArrayList<>();
        for (Object[] r : rows) {
            var stored = new StreakCalculator.State(((Number) r[1]).intValue(), ((Number) r[2]).intValue(), ((Number) r[3]).doubleValue(),
                    dates(r[4]), r[5] == null ? null : Rows.date(r[5]), r[6] == null ? null : Rows.date(r[6]));
            var now = calculator().advance(stored, new TreeSet<>(), paused, today);
            views.add(new StreakView((String) r[0], now.current(), now.longest(), now.scorePercent(), now.lastPracticed()));
        }
        return views;
    }

    public record StreakView(String practice, int current, int longest, int strength, LocalDate lastPracticed) {
    }

    private void save(String userId, String key, StreakCalculator.State s) {
        em.createNativeQuery("""
                        insert into streak_state (user_id, practice, current_run, longest_run, score, recent_misses, next_day, last_practiced)
                        values (:u, :p, :c, :l, :s, cast(:m as date[]), :n, :lp)
                        on conflict (user_id, practice) do update set current_run = excluded.current_run, longest_run = excluded.longest_run,
                            score = excluded.score, recent_misses = excluded.recent_misses, next_day = excluded.next_day,
                            last_practiced = excluded.last_practiced""")
                .setParameter("u", userId).setParameter("p", key).setParameter("c", s.current()).setParameter("l", s.longest())
                .setParameter("s", s.score())
                .setParameter("m", "{" + String.join(",", s.recentMisses().stream().map(LocalDate::toString).toList()) + "}")
                .setParameter("n", s.nextDay()).setParameter("lp", s.lastPracticed())
                .executeUpdate();
    }

    Set<LocalDate> pausedDays(String userId) {
        return pausedDays(userId, LocalDate.of(1970, 1, 1));
    }

    Set<LocalDate> pausedDays(String userId, LocalDate from) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("select local_date from pause_day where user_id = :u and local_date >= :f")
                .setParameter("u", userId).setParameter("f", from).getResultList();
        Set<LocalDate> days = new HashSet<>();
        rows.forEach(r -> days.add(Rows.date(r)));
        return days;
    }

    public List<LocalDate> pauses(String userId) {
        return new TreeSet<>(pausedDays(userId)).stream().toList();
    }

    /** Replaces a person's pause days and recomputes every streak of theirs, since any of them may change. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replacePauses(String userId, Set<LocalDate> days) {
        em.createNativeQuery("delete from pause_day where user_id = :u").setParameter("u", userId).executeUpdate();
        for (LocalDate day : days) {
            em.createNativeQuery("insert into pause_day (user_id, local_date) values (:u, :d)")
                    .setParameter("u", userId).setParameter("d", day).executeUpdate();
        }
        Set<String> practices = new HashSet<>();
        for (Practice p : Practice.values()) {
            practices.add(p.name());
        }
        recomputeStreaks(userId, practices);
    }

    /** The platform's catalogue of personal-data tables, shared by erasure and export. */
    @Inject
    app.openly.platform.privacy.PersonalData personalData;

    /** Removes every row of a person (UserErased): every table of the catalogue, the same the export reads. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(String userId) {
        personalData.erase(userId);
    }

    public Optional<Boolean> sharing(String userId) {
        @SuppressWarnings("unchecked")
        List<Boolean> rows = em.createNativeQuery("select share_with_org from insights_person where user_id = :u")
                .setParameter("u", userId).getResultList();
        return rows.stream().findFirst();
    }

    private static List<LocalDate> dates(Object array) {
        if (array == null) {
            return List.of();
        }
        Object[] values;
        if (array instanceof java.sql.Array sql) {
            try {
                values = (Object[]) sql.getArray();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        } else if (array instanceof Object[] objects) {
            values = objects;
        } else {
            return List.of();
        }
        return Arrays.stream(values).map(Rows::date).toList();
    }
}
