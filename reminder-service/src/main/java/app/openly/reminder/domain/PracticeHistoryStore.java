package app.openly.reminder.domain;

import app.openly.events.EntryFacts;
import app.openly.events.Practice;
import app.openly.platform.persistence.ArrayStatements;
import app.openly.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code practice_history} rows: when each entry happened, locally, with its version so that events
 * arriving out of order never override a newer state. Native SQL because writes are upserts keyed by the
 * entry id and reads are narrow projections for the planner.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PracticeHistoryStore {

    @Inject
    EntityManager em;

    /** The version of the entry last applied (recorded or deleted), if any. */
    public Optional<Long> appliedVersion(UUID entryId) {
        List<?> versions = em.createNativeQuery("select version from practice_history where entry_id = :entryId")
                .setParameter("entryId", entryId).getResultList();
        return versions.stream().findFirst().map(v -> ((Number) v).longValue());
    }

    /** Stores (or revives) the entry as recorded, at its version. */
    public void recorded(String userId, EntryFacts entry) {
        em.createNativeQuery("""
                        insert into practice_history (entry_id, user_id, practice, version, deleted, occurred_at, time_zone, local_date, local_time)
                        values (:entryId, :userId, :practice, :version, false, :occurredAt, :zone, :localDate, :localTime)
                        on conflict (entry_id) do update set practice = excluded.practice, version = excluded.version, deleted = false,
                            occurred_at = excluded.occurred_at, time_zone = excluded.time_zone, local_date = excluded.local_date,
                            local_time = excluded.local_time""")
                .setParameter("entryId", entry.entryId()).setParameter("userId", userId).setParameter("practice", entry.practice().name())
                .setParameter("version", entry.version()).setParameter("occurredAt", utc(entry.occurredAt()))
                .setParameter("zone", entry.timeZone()).setParameter("localDate", entry.localDate()).setParameter("localTime", entry.localTime())
                .executeUpdate();
    }

    /** Marks a known entry deleted at {@code version}; false when it was not seen yet (or is newer). */
    public boolean markDeleted(String userId, UUID entryId, long version) {
        return em.createNativeQuery("""
                        update practice_history set deleted = true, version = :version
                        where entry_id = :entryId and user_id = :userId and version < :version""")
                .setParameter("version", version).setParameter("entryId", entryId).setParameter("userId", userId).executeUpdate() > 0;
    }

    /** Deleted before we saw it recorded: a tombstone keeps the late EntryRecorded out. */
    public void tombstone(String userId, UUID entryId, long version, Instant now) {
        em.createNativeQuery("""
                        insert into practice_history (entry_id, user_id, practice, version, deleted, occurred_at, time_zone, local_date, local_time)
                        values (:entryId, :userId, 'BODY_ANCHOR', :version, true, :occurredAt, 'UTC', :localDate, :localTime)
                        on conflict (entry_id) do nothing""")
                .setParameter("entryId", entryId).setParameter("userId", userId).setParameter("version", version)
                .setParameter("occurredAt", utc(now)).setParameter("localDate", LocalDate.ofInstant(now, ZoneOffset.UTC))
                .setParameter("localTime", LocalTime.MIDNIGHT).executeUpdate();
    }

    /** Local times of the newest entries of a practice, newest first. */
    public List<LocalTime> recentTimes(String userId, Practice practice, int limit) {
        List<?> times = em.createNativeQuery("""
                        select local_time from practice_history where user_id = :userId and practice = :practice and not deleted
                        order by occurred_at desc limit :limit""")
                .setParameter("userId", userId).setParameter("practice", practice.name()).setParameter("limit", limit).getResultList();
        return times.stream().map(Rows::time).toList();
    }

    /** Local days on or after {@code from} on which the practice was recorded. */
    public Set<LocalDate> daysDoneSince(String userId, Practice practice, LocalDate from) {
        List<?> days = em.createNativeQuery("""
                        select distinct local_date from practice_history
                        where user_id = :userId and practice = :practice and not deleted and local_date >= :from""")
                .setParameter("userId", userId).setParameter("practice", practice.name()).setParameter("from", from).getResultList();
        Set<LocalDate> done = new HashSet<>();
        days.forEach(d -> done.add(Rows.date(d)));
        return done;
    }

    /**
     * {@link #recentTimes} of each person's practices in {@code practices}, in one statement: per person and practice,
     * the local times of the newest {@code limit} entries, newest first.
     * <p>
     * One index range of at most {@code limit} rows per person and practice (practice_history_recent, newest first)
     * instead of a window over all of the people's history, which grows with every entry they ever wrote: for a batch of
     * 60 people with three years of daily entries PostgreSQL's CPU per statement 10.0 -> 4.8 ms (the old form also
     * sorted 65,700 rows and spilled them to disk). Only the practices asked for are probed (the re-plan asks for the
     * ones that remind; until the thirteenth session all five, four of five probes mostly empty). Sorted by the pairs'
     * positions, not by text (issue 17, bench/postgres/RESULTS.md).
     */
    public Map<String, Map<Practice, List<LocalTime>>> recentTimesOf(Map<String, ? extends Collection<Practice>> practices, int limit) {
        Map<String, Map<Practice, List<LocalTime>>> times = new HashMap<>();
        Pairs pairs = Pairs.of(practices);
        if (pairs.people().isEmpty()) {
            return times;
        }
        ArrayStatements.query(em, """
                        select w.user_id, w.practice, h.local_time
                        from unnest(?::text[], ?::text[]) with ordinality as w(user_id, practice, n)
                        cross join lateral (
                            select local_time, occurred_at from practice_history
                            where user_id = w.user_id and practice = w.practice and not deleted
                            order by occurred_at desc limit ?) h
                        order by w.n, h.occurred_at desc""",
                row -> times.computeIfAbsent(row.getString(1), u -> new EnumMap<>(Practice.class))
                        .computeIfAbsent(Practice.valueOf(row.getString(2)), x -> new ArrayList<>())
                        .add(row.getObject(3, LocalTime.class)),
                pairs.people(), pairs.practices(), limit);
        return times;
    }

    /** People and practices as two arrays of equal length, pair by pair, each pair once. */
    private record Pairs(List<String> people, List<String> practices) {
        static Pairs of(Map<String, ? extends Collection<Practice>> practices) {
            Pairs pairs = new Pairs(new ArrayList<>(), new ArrayList<>());
            practices.forEach((userId, ofPerson) -> new HashSet<>(ofPerson).forEach(practice -> {
                pairs.people().add(userId);
                pairs.practices().add(practice.name());
            }));
            return pairs;
        }
    }

    /**
     * For each person and each of their practices in {@code practices}, the local days on or after {@code from} on which
     * it was recorded, in one statement.
     * <p>
     * A skip over practice_history_days: per person and practice, the first day on or after {@code from}, then the first
     * day after that one, and so on, one index probe per day found and one to find there is none. Its cost follows the
     * people, practices and days asked for, not the entries: reading every entry of those days ("select distinct" of all
     * five practices, its form until the thirteenth session) took 510 ms per batch of ~430 events when each bench person
     * had written ~556 entries that day, 1.2 ms of PostgreSQL per entry and growing with every entry of the day (issue 17,
     * bench/postgres/RESULTS.md section 8). Only the practices asked for are probed: the re-plan asks for the ones that remind.
     */
    public Map<String, Map<Practice, Set<LocalDate>>> daysDoneOf(Map<String, ? extends Collection<Practice>> practices, LocalDate from) {
        Map<String, Map<Practice, Set<LocalDate>>> days = new HashMap<>();
        Pairs pairs = Pairs.of(practices);
        if (pairs.people().isEmpty()) {
            return days;
        }
        ArrayStatements.query(em, DAYS_DONE,
                row -> days.computeIfAbsent(row.getString(1), u -> new EnumMap<>(Practice.class))
                        .computeIfAbsent(Practice.valueOf(row.getString(2)), x -> new HashSet<>())
                        .add(row.getObject(3, LocalDate.class)),
                from, pairs.people(), pairs.practices());
        return days;
    }

    /**
     * {@link #daysDoneOf}'s statement; parameters: from, then the people and their practices as two arrays of equal
     * length (pair by pair). Each step's min() is one probe of practice_history_days.
     */
    static final String DAYS_DONE = """
            with recursive done(user_id, practice, local_date) as (
                select w.user_id, w.practice, (select min(h.local_date) from practice_history h
                        where h.user_id = w.user_id and h.practice = w.practice and not h.deleted and h.local_date >= ?)
                from unnest(?::text[], ?::text[]) as w(user_id, practice)
              union all
                select d.user_id, d.practice, (select min(h.local_date) from practice_history h
                        where h.user_id = d.user_id and h.practice = d.practice and not h.deleted and h.local_date > d.local_date)
                from done d where d.local_date is not null
            )
            select user_id, practice, local_date from done where local_date is not null""";

    static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
