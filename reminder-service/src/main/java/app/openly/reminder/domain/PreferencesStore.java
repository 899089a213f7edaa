package app.openly.reminder.domain;

import app.openly.events.EventJson;
import app.openly.events.Practice;
import app.openly.platform.persistence.ArrayStatements;
import app.openly.platform.persistence.Rows;
import app.openly.reminder.domain.logic.Preferences;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code reminder_preferences} row of each person: read, written, and locked to serialize re-planning. Over 200
 * lines because the row's one mapping (columns, JSON windows, text[] days) serves single people and whole batches.
 */
@ApplicationScoped
public class PreferencesStore {

    /** Every practice's name as SQL literals (constants of the enum, not input): 'BODY_ANCHOR', 'HONEST_SENTENCE', ... */
    private static final String EVERY_PRACTICE = java.util.Arrays.stream(Practice.values())
            .map(p -> "'" + p.name() + "'").collect(java.util.stream.Collectors.joining(", "));

    /** {@link #followZoneOfNewestEntry}'s statement, formatted once: the practice list is constant. */
    private static final String FOLLOW_ZONE_OF_NEWEST_ENTRY = """
            update reminder_preferences set time_zone = :zone where user_id = :userId and zone_from_entries and time_zone <> :zone
            and not exists (select 1 from practice_history h where h.user_id = :userId and h.practice in (%s)
                and not h.deleted and h.occurred_at > :occurredAt)""".formatted(EVERY_PRACTICE);

    /** The windows column's reader, built once: {@code forType} per row looked the type up again for every person read. */
    private static final ObjectReader WINDOWS = EventJson.reader().forType(new TypeReference<Map<String, Map<String, String>>>() {
    });

    /**
     * Preferences as stored, with whether the zone follows the person's newest entry (travel), and the
     * practices whose reminders the person turned off (recording one of them does not turn them on again).
     */
    public record Stored(Preferences preferences, boolean zoneFromEntries, Set<Practice> declined) {
        public Stored {
            declined = declined.isEmpty() ? Set.of() : EnumSet.copyOf(declined);
        }

        public Stored(Preferences preferences, boolean zoneFromEntries) {
            this(preferences, zoneFromEntries, Set.of());
        }
    }

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stored> find(String userId) {
        return read(userId, false);
    }

    /** Locks the person's row for this transaction; re-planning holds it so it never interleaves. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Preferences> lock(String userId) {
        return read(userId, true).map(Stored::preferences);
    }

    /** Like {@link #lock}, with whether the zone follows the person's entries. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stored> lockStored(String userId) {
        return read(userId, true);
    }

    /** A new person gets gentle defaults in the zone of their first entry, with no practice chosen yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Stored lockOrCreate(String userId, ZoneId zone, Instant now) {
        Optional<Stored> existing = lockStored(userId);
        if (existing.isPresent()) {
            return existing.get();
        }
        save(new Stored(Preferences.noneChosen(zone), true), userId, now, false);
        return lockStored(userId).orElseThrow();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void save(String userId, Stored stored, Instant now) {
        save(stored, userId, now, true);
    }

    private void save(Stored stored, String userId, Instant now, boolean replace) {
        Preferences p = stored.preferences();
        String json = windowsJson(p);
        // A PostgreSQL text[] literal, Monday first.
        String days = textArray(p.days());
        em.createNativeQuery("""
                        insert into reminder_preferences (user_id, time_zone, zone_from_entries, windows, days, quiet_start, quiet_end,
                            daily_cap, paused_until, declined_practices, replan_at, updated_at)
                        values (:userId, :zone, :zoneFromEntries, cast(:windows as jsonb), cast(:days as text[]), :quietStart, :quietEnd,
                            :dailyCap, :pausedUntil, cast(:declined as text[]), :now, :now)
                        on conflict (user_id) do""" + " " + (replace ? """
                        update set time_zone = excluded.time_zone, zone_from_entries = excluded.zone_from_entries,
                            windows = excluded.windows, days = excluded.days, quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
                            daily_cap = excluded.daily_cap, paused_until = excluded.paused_until, declined_practices = excluded.declined_practices,
                            updated_at = excluded.updated_at""" : "nothing"))
                .setParameter("userId", userId).setParameter("zone", p.zone().getId()).setParameter("zoneFromEntries", stored.zoneFromEntries())
                .setParameter("declined", textArray(stored.declined()))
                .setParameter("windows", json).setParameter("days", days)
                .setParameter("quietStart", p.quietStart()).setParameter("quietEnd", p.quietEnd()).setParameter("dailyCap", p.dailyCap())
                .setParameter("pausedUntil", p.pausedUntil()).setParameter("now", now.atOffset(ZoneOffset.UTC))
                .executeUpdate();
    }

    /**
     * Travel: the zone of the person's newest entry moves the schedule, unless they fixed a zone. True
     * when the zone changed. Every practice named, so "a newer entry" is a range per practice on
     * practice_history_recent (user, practice, occurred_at) instead of a read of all the person's history (issue 17).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean followZoneOfNewestEntry(String userId, String entryZone, Instant entryOccurredAt) {
        return em.createNativeQuery(FOLLOW_ZONE_OF_NEWEST_ENTRY)
                .setParameter("zone", entryZone).setParameter("userId", userId)
                .setParameter("occurredAt", entryOccurredAt.atOffset(ZoneOffset.UTC)).executeUpdate() > 0;
    }

    /** When the person's schedule must next be rolled forward (their next local midnight). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replanAt(String userId, Instant at) {
        em.createNativeQuery("update reminder_preferences set replan_at = :replanAt where user_id = :userId")
                .setParameter("replanAt", at.atOffset(ZoneOffset.UTC)).setParameter("userId", userId).executeUpdate();
    }

    /** Locks at most {@code batchSize} people whose schedule is due to roll forward; other replicas skip them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> lockDueForReplan(Instant now, int batchSize) {
        List<?> people = em.createNativeQuery("""
                        select user_id from reminder_preferences where replan_at <= :now order by replan_at limit :batchSize
                        for update skip locked""")
                .setParameter("now", now.atOffset(ZoneOffset.UTC)).setParameter("batchSize", batchSize).getResultList();
        return people.stream().map(String.class::cast).toList();
    }

    private static final String COLUMNS = """
            time_zone, cast(windows as text), days, quiet_start, quiet_end, daily_cap, paused_until, zone_from_entries,
                declined_practices""";

    private Optional<Stored> read(String userId, boolean forUpdate) {
        List<?> rows = em.createNativeQuery("select " + COLUMNS + " from reminder_preferences where user_id = :userId"
                        + (forUpdate ? " for update" : ""))
                .setParameter("userId", userId).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(parse((Object[]) rows.get(0)));
    }

    /**
     * {@link #lockStored} for every person in {@code people} who has preferences, in one statement (rows locked in the
     * order of their person, the same in every batch, so two batches cannot deadlock on them).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Stored> lockAllStored(Collection<String> people) {
        Map<String, Stored> found = new HashMap<>();
        if (people.isEmpty()) {
            return found;
        }
        ArrayStatements.query(em, "select user_id, " + COLUMNS + " from reminder_preferences where user_id = any(?::text[]) "
                + "order by user_id for update", row -> {
            Object[] r = new Object[9];
            for (int i = 0; i < r.length; i++) {
                r[i] = row.getObject(i + 2);
            }
            found.put(row.getString(1), parse(r));
        }, people);
        return found;
    }

    /**
     * {@link #lockOrCreate}'s creation for several new people at once: gentle defaults, no practice chosen, in the given
     * zone, the zone following their entries. The rows stay locked by this transaction.
     *
     * @return the people whose row this statement created (a row another transaction created first is kept)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> createAll(Map<String, ZoneId> zones, Instant now) {
        Set<String> created = new HashSet<>();
        if (zones.isEmpty()) {
            return created;
        }
        List<String> people = new ArrayList<>(zones.keySet());
        List<String> zoneIds = people.stream().map(u -> zones.get(u).getId()).toList();
        // New people's rows differ only in person and zone: one template for the other columns, as save() writes them.
        Preferences template = Preferences.noneChosen(ZoneOffset.UTC);
        ArrayStatements.query(em, """
                        insert into reminder_preferences (user_id, time_zone, zone_from_entries, windows, days, quiet_start, quiet_end,
                            daily_cap, paused_until, declined_practices, replan_at, updated_at)
                        select r.user_id, r.zone, true, cast(? as jsonb), cast(? as text[]), cast(? as time), cast(? as time), ?, null,
                            cast('{}' as text[]), cast(? as timestamptz), cast(? as timestamptz)
                        from unnest(?::text[], ?::text[]) with ordinality as r(user_id, zone, n) order by n
                        on conflict (user_id) do nothing returning user_id""",
                row -> created.add(row.getString(1)),
                windowsJson(template), textArray(template.days()), template.quietStart().toString(), template.quietEnd().toString(),
                template.dailyCap(), now.toString(), now.toString(), people, zoneIds);
        return created;
    }

    /**
     * The end states of a batch of entry events (a practice chosen by recording it, the zone moved by travel), in one
     * statement: zone and windows, the only columns entry events change; {@code updated_at} for those who chose, as
     * {@link #save} sets it (following the zone never did).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void saveAll(Map<String, Stored> changed, Set<String> chose, Instant now) {
        if (changed.isEmpty()) {
            return;
        }
        List<String> people = new ArrayList<>(changed.keySet());
        ArrayStatements.update(em, """
                        update reminder_preferences p set time_zone = r.zone, windows = cast(r.windows as jsonb),
                            updated_at = case when cast(r.chose as boolean) then cast(? as timestamptz) else p.updated_at end
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as r(user_id, zone, windows, chose)
                        where p.user_id = r.user_id""",
                now.toString(), people, people.stream().map(u -> changed.get(u).preferences().zone().getId()).toList(),
                people.stream().map(u -> windowsJson(changed.get(u).preferences())).toList(),
                people.stream().map(u -> String.valueOf(chose.contains(u))).toList());
    }

    /** {@link #replanAt} for every person of {@code at}, in one statement; a row already there is not written again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replanAtAll(Map<String, Instant> at) {
        if (at.isEmpty()) {
            return;
        }
        List<String> people = new ArrayList<>(at.keySet());
        ArrayStatements.update(em, """
                        update reminder_preferences p set replan_at = cast(r.at as timestamptz)
                        from unnest(?::text[], ?::text[]) as r(user_id, at)
                        where p.user_id = r.user_id and p.replan_at is distinct from cast(r.at as timestamptz)""",
                people, people.stream().map(u -> at.get(u).toString()).toList());
    }

    /**
     * The windows of each windows column text already read, bounded (at most {@link #MAX_KNOWN_WINDOWS}, then each is
     * parsed again, as before). A batch locks every person it re-plans, and parsing each person's windows JSON (with
     * its local times) was a sixth of reminder's consumer-thread CPU in the drain bench's profile (issue 17), while most
     * people share a few texts: the suggested windows, or none chosen yet. Immutable, so every person may share one.
     */
    private static final Map<String, Map<Practice, Preferences.Window>> KNOWN_WINDOWS = new ConcurrentHashMap<>();
    private static final int MAX_KNOWN_WINDOWS = 1024;

    private static Map<Practice, Preferences.Window> windows(String json) {
        Map<Practice, Preferences.Window> known = KNOWN_WINDOWS.get(json);
        if (known != null) {
            return known;
        }
        Map<String, Map<String, String>> raw;
        try {
            raw = WINDOWS.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored reminder preferences cannot be read", e);
        }
        Map<Practice, Preferences.Window> windows = new EnumMap<>(Practice.class);
        raw.forEach((p, w) -> windows.put(Practice.valueOf(p), new Preferences.Window(LocalTime.parse(w.get("start")), LocalTime.parse(w.get("end")))));
        Map<Practice, Preferences.Window> parsed = Map.copyOf(windows);
        if (KNOWN_WINDOWS.size() < MAX_KNOWN_WINDOWS) {
            KNOWN_WINDOWS.put(json, parsed);
        }
        return parsed;
    }

    private static Stored parse(Object[] r) {
        Map<Practice, Preferences.Window> windows = windows((String) r[1]);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Object d : Rows.array(r[2])) {
            days.add(DayOfWeek.valueOf(d.toString()));
        }
        var prefs = new Preferences(ZoneId.of((String) r[0]), windows, days, Rows.time(r[3]), Rows.time(r[4]),
                ((Number) r[5]).intValue(), Rows.date(r[6]));
        Set<Practice> declined = EnumSet.noneOf(Practice.class);
        for (Object d : Rows.array(r[8])) {
            declined.add(Practice.valueOf(d.toString()));
        }
        return new Stored(prefs, Boolean.TRUE.equals(r[7]), declined);
    }

    private static String windowsJson(Preferences p) {
        Map<String, Map<String, String>> windows = new LinkedHashMap<>();
        // In practice order; an EnumMap built by copying would refuse an empty map (no practice chosen).
        Map<Practice, Preferences.Window> ordered = new EnumMap<>(Practice.class);
        ordered.putAll(p.windows());
        ordered.forEach((practice, w) ->
                windows.put(practice.name(), Map.of("start", w.start().toString(), "end", w.end().toString())));
        try {
            return EventJson.writer().writeValueAsString(windows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PostgreSQL text[] literal of enum names in their natural order (Monday first). */
    private static <E extends Enum<E>> String textArray(Set<E> values) {
        return values.stream().sorted().map(Enum::name).collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }
}
