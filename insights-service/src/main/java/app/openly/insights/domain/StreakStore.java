package app.openly.insights.domain;

import app.openly.events.Practice;
import app.openly.insights.config.InsightsConfig;
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
import java.util.Set;
import java.util.TreeSet;

/**
 * Streak states per person and practice ('ALL' = any practice) and the pause days they rest on: recomputed
 * from the daily counters on a write, carried forward to today on a read (bounded work whatever the history).
 */
@ApplicationScoped
public class StreakStore {

    public static final String ALL = "ALL";

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    PersonStore people;
    @Inject
    InsightsConfig config;

    StreakCalculator calculator() {
        return new StreakCalculator(config.forgivenMissesPerWeek());
    }

    /** Recomputes, from the person's days, the stored streak state of each given practice and of ALL. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recompute(String userId, Set<String> practices) {
        LocalDate today = LocalDate.now(clock.withZone(people.zoneOf(userId)));
        Set<LocalDate> paused = pausedDays(userId);
        Set<String> keys = new HashSet<>(practices);
        keys.add(ALL);
        for (String key : keys) {
            // 'ALL' matches any practice: one query shape for both.
            @SuppressWarnings("unchecked")
            List<Object> rows = em.createNativeQuery("""
                            select distinct local_date from daily_practice
                            where user_id = :userId and (practice = :practice or :practice = 'ALL') and entries > 0""")
                    .setParameter("userId", userId).setParameter("practice", key).getResultList();
            TreeSet<LocalDate> days = new TreeSet<>();
            rows.forEach(r -> days.add(Rows.date(r)));
            if (days.isEmpty()) {
                // A practice the person has never kept (or no longer has any entry of) has no streak, not a row of
                // zeros: zeros read as a verdict, and a deleted entry must leave the state as it was (issue 18).
                em.createNativeQuery("delete from streak_state where user_id = :userId and practice = :practice")
                        .setParameter("userId", userId).setParameter("practice", key).executeUpdate();
            } else {
                save(userId, key, calculator().compute(days, paused, today));
            }
        }
    }

    /** Streak states carried forward to today: bounded work whatever the history. */
    public List<StreakView> streaks(String userId) {
        ZoneId zone = people.zoneOf(userId);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select practice, current_run, longest_run, score, recent_misses, next_day, last_practiced
                        from streak_state where user_id = :userId order by practice""")
                .setParameter("userId", userId).getResultList();
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
                        values (:userId, :practice, :currentRun, :longestRun, :score, cast(:recentMisses as date[]), :nextDay, :lastPracticed)
                        on conflict (user_id, practice) do update set current_run = excluded.current_run, longest_run = excluded.longest_run,
                            score = excluded.score, recent_misses = excluded.recent_misses, next_day = excluded.next_day,
                            last_practiced = excluded.last_practiced""")
                .setParameter("userId", userId).setParameter("practice", key).setParameter("currentRun", s.current())
                .setParameter("longestRun", s.longest()).setParameter("score", s.score())
                .setParameter("recentMisses", "{" + String.join(",", s.recentMisses().stream().map(LocalDate::toString).toList()) + "}")
                .setParameter("nextDay", s.nextDay()).setParameter("lastPracticed", s.lastPracticed())
                .executeUpdate();
    }

    Set<LocalDate> pausedDays(String userId) {
        return pausedDays(userId, LocalDate.of(1970, 1, 1));
    }

    Set<LocalDate> pausedDays(String userId, LocalDate from) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("select local_date from pause_day where user_id = :userId and local_date >= :from")
                .setParameter("userId", userId).setParameter("from", from).getResultList();
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
        em.createNativeQuery("delete from pause_day where user_id = :userId").setParameter("userId", userId).executeUpdate();
        for (LocalDate day : days) {
            em.createNativeQuery("insert into pause_day (user_id, local_date) values (:userId, :day)")
                    .setParameter("userId", userId).setParameter("day", day).executeUpdate();
        }
        Set<String> practices = new HashSet<>();
        for (Practice p : Practice.values()) {
            practices.add(p.name());
        }
        recompute(userId, practices);
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
