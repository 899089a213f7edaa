package app.openly.insights.domain;

import app.openly.events.Practice;
import app.openly.insights.domain.logic.StreakCalculator;
import app.openly.platform.persistence.ArrayStatements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The statements of {@link ProjectionBatch}: each table read once for all the batch's people and entries
 * ({@code = any}), and written once with the rows' end states ({@code unnest ... on conflict do update}, and one
 * delete of the rows that end empty).
 * <p>
 * Over 200 lines because it holds one read and one write per table the projection keeps (six tables); split
 * per table, the batch's statements would be scattered over the stores the one-by-one code used.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ProjectionBatchStore {

    /** An entry_projection row. */
    public static final class Projection {
        final UUID entryId;
        final String userId;
        String orgId;
        long version;
        boolean deleted;
        Practice practice;
        LocalDate localDate;
        String timeZone;
        String metrics = "{}";
        List<String> themes = List.of();
        Instant updatedAt;

        Projection(UUID entryId, String userId) {
            this.entryId = entryId;
            this.userId = userId;
        }
    }

    /** A daily_practice, weekly_practice or weekly_theme key: person, day or week, practice or theme. */
    public record Key(String userId, LocalDate day, String name) {
    }

    /** What insights_person's row says of the person after an entry (PersonStore.touch). */
    public record Person(String orgId, String timeZone, Instant updatedAt) {
    }

    @Inject
    EntityManager em;

    public Map<UUID, Projection> projections(Collection<UUID> entryIds) {
        Map<UUID, Projection> found = new HashMap<>();
        ArrayStatements.query(em, """
                        select entry_id, user_id, org_id, version, deleted, practice, local_date, time_zone, cast(metrics as text), themes,
                            updated_at
                        from entry_projection where entry_id = any(?::uuid[])""", row -> {
            Projection p = new Projection(row.getObject(1, UUID.class), row.getString(2));
            p.orgId = row.getString(3);
            p.version = row.getLong(4);
            p.deleted = row.getBoolean(5);
            p.practice = Practice.valueOf(row.getString(6));
            p.localDate = row.getObject(7, LocalDate.class);
            p.timeZone = row.getString(8);
            p.metrics = row.getString(9);
            p.themes = List.of((String[]) row.getArray(10).getArray());
            p.updatedAt = row.getObject(11, java.time.OffsetDateTime.class).toInstant();
            found.put(p.entryId, p);
        }, entryIds);
        return found;
    }

    public void saveProjections(Collection<Projection> projections) {
        if (projections.isEmpty()) {
            return;
        }
        List<Object> ids = new ArrayList<>(), users = new ArrayList<>(), orgs = new ArrayList<>(), versions = new ArrayList<>(),
                deleted = new ArrayList<>(), practices = new ArrayList<>(), days = new ArrayList<>(), zones = new ArrayList<>(),
                metrics = new ArrayList<>(), themes = new ArrayList<>(), updated = new ArrayList<>();
        for (Projection p : projections) {
            ids.add(p.entryId);
            users.add(p.userId);
            orgs.add(p.orgId);
            versions.add(p.version);
            deleted.add(p.deleted);
            practices.add(p.practice.name());
            days.add(p.localDate);
            zones.add(p.timeZone);
            metrics.add(p.metrics);
            themes.add(textArray(p.themes));
            updated.add(p.updatedAt);
        }
        ArrayStatements.update(em, """
                        insert into entry_projection (entry_id, user_id, org_id, version, deleted, practice, local_date, time_zone, metrics,
                            themes, updated_at)
                        select cast(id as uuid), user_id, org_id, cast(version as bigint), cast(deleted as boolean), practice,
                            cast(local_date as date), time_zone, cast(metrics as jsonb), cast(themes as text[]), cast(updated_at as timestamptz)
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[]) as r(id, user_id, org_id, version, deleted, practice, local_date, time_zone, metrics,
                            themes, updated_at)
                        on conflict (entry_id) do update set org_id = excluded.org_id, version = excluded.version,
                            deleted = excluded.deleted, practice = excluded.practice, local_date = excluded.local_date,
                            time_zone = excluded.time_zone, metrics = excluded.metrics, themes = excluded.themes,
                            updated_at = excluded.updated_at""",
                ids, users, orgs, versions, deleted, practices, days, zones, metrics, themes, updated);
    }

    /** The zone of each person's latest entry (insights_person), for those who have a row. */
    public Map<String, String> zones(Collection<String> people) {
        Map<String, String> zones = new HashMap<>();
        ArrayStatements.query(em, "select user_id, time_zone from insights_person where user_id = any(?::text[])",
                row -> zones.put(row.getString(1), row.getString(2)), people);
        return zones;
    }

    public void touchPeople(Map<String, Person> people) {
        if (people.isEmpty()) {
            return;
        }
        List<Object> users = new ArrayList<>(), orgs = new ArrayList<>(), zones = new ArrayList<>(), updated = new ArrayList<>();
        people.forEach((userId, p) -> {
            users.add(userId);
            orgs.add(p.orgId());
            zones.add(p.timeZone());
            updated.add(p.updatedAt());
        });
        ArrayStatements.update(em, """
                        insert into insights_person as p (user_id, org_id, time_zone, updated_at)
                        select user_id, org_id, time_zone, cast(updated_at as timestamptz) from unnest(?::text[], ?::text[], ?::text[], ?::text[])
                            as r(user_id, org_id, time_zone, updated_at)
                        on conflict (user_id) do update set org_id = excluded.org_id, time_zone = excluded.time_zone,
                            updated_at = excluded.updated_at""",
                users, orgs, zones, updated);
    }

    /**
     * Every daily_practice row of the people (all their days, as the streaks need them); a row never holds 0 (the
     * writes delete it instead).
     */
    public Map<Key, Integer> dailyRows(Collection<String> people) {
        Map<Key, Integer> counts = new HashMap<>();
        ArrayStatements.query(em, "select user_id, local_date, practice, entries from daily_practice where user_id = any(?::text[])",
                row -> counts.put(new Key(row.getString(1), row.getObject(2, LocalDate.class), row.getString(3)), row.getInt(4)),
                people);
        return counts;
    }

    /** weekly_practice sums of the people in the weeks: entries, courage sum and n, intensity before, after and n, calm..., minutes. */
    public Map<Key, int[]> weeklySums(Collection<String> people, Collection<LocalDate> weeks) {
        Map<Key, int[]> sums = new HashMap<>();
        ArrayStatements.query(em, """
                        select user_id, week_start, practice, entries, courage_sum, courage_n, intensity_before_sum, intensity_after_sum,
                            intensity_n, calm_before_sum, calm_after_sum, calm_n, minutes_sum
                        from weekly_practice where user_id = any(?::text[]) and week_start = any(?::date[])""", row -> {
            int[] v = new int[WEEKLY_COLUMNS.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = row.getInt(i + 4);
            }
            sums.put(new Key(row.getString(1), row.getObject(2, LocalDate.class), row.getString(3)), v);
        }, people, weeks);
        return sums;
    }

    public Map<Key, Integer> themeCounts(Collection<String> people, Collection<LocalDate> weeks) {
        Map<Key, Integer> counts = new HashMap<>();
        ArrayStatements.query(em, "select user_id, week_start, theme, entries from weekly_theme where user_id = any(?::text[]) "
                        + "and week_start = any(?::date[])",
                row -> counts.put(new Key(row.getString(1), row.getObject(2, LocalDate.class), row.getString(3)), row.getInt(4)),
                people, weeks);
        return counts;
    }

    static final List<String> WEEKLY_COLUMNS = List.of("entries", "courage_sum", "courage_n", "intensity_before_sum", "intensity_after_sum",
            "intensity_n", "calm_before_sum", "calm_after_sum", "calm_n", "minutes_sum");

    /** Writes each key's end state: a count, or no row ({@code null}). */
    public void saveDaily(Map<Key, Integer> ends) {
        saveCounts(ends, "daily_practice", "local_date", "practice");
    }

    public void saveThemes(Map<Key, Integer> ends) {
        saveCounts(ends, "weekly_theme", "week_start", "theme");
    }

    private void saveCounts(Map<Key, Integer> ends, String table, String dayColumn, String nameColumn) {
        List<Object> users = new ArrayList<>(), days = new ArrayList<>(), names = new ArrayList<>(), counts = new ArrayList<>();
        List<Object> goneUsers = new ArrayList<>(), goneDays = new ArrayList<>(), goneNames = new ArrayList<>();
        ends.forEach((key, count) -> {
            (count == null ? goneUsers : users).add(key.userId());
            (count == null ? goneDays : days).add(key.day());
            (count == null ? goneNames : names).add(key.name());
            if (count != null) {
                counts.add(count);
            }
        });
        if (!users.isEmpty()) {
            ArrayStatements.update(em, "insert into " + table + " (user_id, " + dayColumn + ", " + nameColumn + ", entries) "
                            + "select user_id, cast(day as date), name, cast(entries as integer) from unnest(?::text[], ?::text[], ?::text[], ?::text[]) "
                            + "as r(user_id, day, name, entries) on conflict (user_id, " + dayColumn + ", " + nameColumn + ") "
                            + "do update set entries = excluded.entries",
                    users, days, names, counts);
        }
        if (!goneUsers.isEmpty()) {
            ArrayStatements.update(em, "delete from " + table + " t using unnest(?::text[], ?::text[], ?::text[]) as r(user_id, day, name) "
                            + "where t.user_id = r.user_id and t." + dayColumn + " = cast(r.day as date) and t." + nameColumn + " = r.name",
                    goneUsers, goneDays, goneNames);
        }
    }

    public void saveWeekly(Map<Key, int[]> ends) {
        List<Object> users = new ArrayList<>(), weeks = new ArrayList<>(), practices = new ArrayList<>();
        List<List<Object>> columns = new ArrayList<>();
        WEEKLY_COLUMNS.forEach(c -> columns.add(new ArrayList<>()));
        List<Object> goneUsers = new ArrayList<>(), goneWeeks = new ArrayList<>(), gonePractices = new ArrayList<>();
        ends.forEach((key, sums) -> {
            if (sums == null) {
                goneUsers.add(key.userId());
                goneWeeks.add(key.day());
                gonePractices.add(key.name());
                return;
            }
            users.add(key.userId());
            weeks.add(key.day());
            practices.add(key.name());
            for (int i = 0; i < sums.length; i++) {
                columns.get(i).add(sums[i]);
            }
        });
        if (!users.isEmpty()) {
            List<Object> parameters = new ArrayList<>(List.of(users, weeks, practices));
            parameters.addAll(columns);
            String names = String.join(", ", WEEKLY_COLUMNS);
            ArrayStatements.update(em, "insert into weekly_practice (user_id, week_start, practice, " + names + ") "
                            + "select user_id, cast(week_start as date), practice, "
                            + String.join(", ", WEEKLY_COLUMNS.stream().map(c -> "cast(" + c + " as integer)").toList())
                            + " from unnest(" + String.join(", ", java.util.Collections.nCopies(3 + WEEKLY_COLUMNS.size(), "?::text[]"))
                            + ") as r(user_id, week_start, practice, " + names + ") on conflict (user_id, week_start, practice) do update set "
                            + String.join(", ", WEEKLY_COLUMNS.stream().map(c -> c + " = excluded." + c).toList()),
                    parameters.toArray());
        }
        if (!goneUsers.isEmpty()) {
            ArrayStatements.update(em, """
                            delete from weekly_practice t using unnest(?::text[], ?::text[], ?::text[]) as r(user_id, week_start, practice)
                            where t.user_id = r.user_id and t.week_start = cast(r.week_start as date) and t.practice = r.practice""",
                    goneUsers, goneWeeks, gonePractices);
        }
    }

    public Map<String, Set<LocalDate>> pausedDays(Collection<String> people) {
        Map<String, Set<LocalDate>> days = new HashMap<>();
        ArrayStatements.query(em, "select user_id, local_date from pause_day where user_id = any(?::text[])",
                row -> days.computeIfAbsent(row.getString(1), u -> new HashSet<>()).add(row.getObject(2, LocalDate.class)), people);
        return days;
    }

    /** A streak_state key's end state: a state, or no row ({@code null}). */
    public record StreakKey(String userId, String practice) {
    }

    public void saveStreaks(Map<StreakKey, StreakCalculator.State> ends) {
        List<Object> users = new ArrayList<>(), practices = new ArrayList<>(), current = new ArrayList<>(), longest = new ArrayList<>(),
                score = new ArrayList<>(), misses = new ArrayList<>(), next = new ArrayList<>(), last = new ArrayList<>();
        List<Object> goneUsers = new ArrayList<>(), gonePractices = new ArrayList<>();
        ends.forEach((key, s) -> {
            if (s == null) {
                goneUsers.add(key.userId());
                gonePractices.add(key.practice());
                return;
            }
            users.add(key.userId());
            practices.add(key.practice());
            current.add(s.current());
            longest.add(s.longest());
            score.add(s.score());
            misses.add("{" + String.join(",", s.recentMisses().stream().map(LocalDate::toString).toList()) + "}");
            next.add(s.nextDay());
            last.add(s.lastPracticed());
        });
        if (!users.isEmpty()) {
            ArrayStatements.update(em, """
                            insert into streak_state (user_id, practice, current_run, longest_run, score, recent_misses, next_day, last_practiced)
                            select user_id, practice, cast(current_run as integer), cast(longest_run as integer), cast(score as double precision),
                                cast(recent_misses as date[]), cast(next_day as date), cast(last_practiced as date)
                            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                                as r(user_id, practice, current_run, longest_run, score, recent_misses, next_day, last_practiced)
                            on conflict (user_id, practice) do update set current_run = excluded.current_run, longest_run = excluded.longest_run,
                                score = excluded.score, recent_misses = excluded.recent_misses, next_day = excluded.next_day,
                                last_practiced = excluded.last_practiced""",
                    users, practices, current, longest, score, misses, next, last);
        }
        if (!goneUsers.isEmpty()) {
            ArrayStatements.update(em, """
                            delete from streak_state t using unnest(?::text[], ?::text[]) as r(user_id, practice)
                            where t.user_id = r.user_id and t.practice = r.practice""",
                    goneUsers, gonePractices);
        }
    }

    /** A PostgreSQL text[] literal, each element quoted. */
    static String textArray(List<String> values) {
        return "{" + String.join(",", values.stream().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").toList()) + "}";
    }
}
