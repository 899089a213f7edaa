package app.openly.reminder.domain;

import app.openly.events.Practice;
import app.openly.platform.persistence.ArrayStatements;
import app.openly.reminder.domain.logic.EntryBatchReplay.Activity;
import app.openly.reminder.domain.logic.EntryBatchReplay.DayDone;
import app.openly.reminder.domain.logic.EntryBatchReplay.Helpful;
import app.openly.reminder.domain.logic.EntryBatchReplay.HistoryRow;
import app.openly.reminder.domain.logic.EntryBatchReplay.PersonPractice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The statements of a batch of entry events ({@link EntryBatch}), each for the whole batch: the history rows of its
 * entry ids read once and the end states written once; the schedule, back-off and activity changes of all its events
 * in one statement per table. Array parameters ({@code = any}, {@code unnest}) through {@link ArrayStatements}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class EntryBatchStore {

    @Inject
    EntityManager em;

    /** The {@code practice_history} rows of these entry ids, of whichever person. */
    public Map<UUID, HistoryRow> history(Collection<UUID> entryIds) {
        Map<UUID, HistoryRow> rows = new HashMap<>();
        ArrayStatements.query(em, """
                        select entry_id, user_id, practice, version, deleted, occurred_at, time_zone, local_date, local_time
                        from practice_history where entry_id = any(?::uuid[])""",
                row -> rows.put(row.getObject(1, UUID.class), new HistoryRow(row.getObject(1, UUID.class), row.getString(2),
                        Practice.valueOf(row.getString(3)), row.getLong(4), row.getBoolean(5), row.getObject(6, OffsetDateTime.class).toInstant(),
                        row.getString(7), row.getObject(8, LocalDate.class), row.getObject(9, LocalTime.class))),
                entryIds);
        return rows;
    }

    /**
     * Per person, the latest occurrence of their not deleted entries other than {@code except}. The newest of each
     * practice, one index probe each on practice_history_recent (skipping at most the batch's own entries), then the
     * latest of those: a max over all of a person's entries would read their whole history (issue 17).
     */
    public Map<String, Instant> latestExcept(Collection<String> people, Collection<UUID> except) {
        Map<String, Instant> latest = new HashMap<>();
        if (people.isEmpty()) {
            return latest;
        }
        ArrayStatements.query(em, LATEST_EXCEPT,
                row -> latest.put(row.getString(1), row.getObject(2, OffsetDateTime.class).toInstant()),
                new HashSet<>(people), List.of(Practice.values()), except);
        return latest;
    }

    /** {@link #latestExcept}'s statement; parameters: the people, every practice, the entry ids left out. */
    static final String LATEST_EXCEPT = """
            select u.user_id, max(h.occurred_at)
            from unnest(?::text[]) as u(user_id) cross join unnest(?::text[]) as p(practice)
            cross join lateral (
                select occurred_at from practice_history
                where user_id = u.user_id and practice = p.practice and not deleted and entry_id <> all(?::uuid[])
                order by occurred_at desc limit 1) h
            group by u.user_id""";

    /** Writes the end state of each row (new ones inserted; an existing one keeps its person, as the upsert did). */
    public void saveHistory(List<HistoryRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        ArrayStatements.update(em, """
                        insert into practice_history (entry_id, user_id, practice, version, deleted, occurred_at, time_zone, local_date, local_time)
                        select cast(entry_id as uuid), user_id, practice, cast(version as bigint), cast(deleted as boolean),
                            cast(occurred_at as timestamptz), time_zone, cast(local_date as date), cast(local_time as time)
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                            as r(entry_id, user_id, practice, version, deleted, occurred_at, time_zone, local_date, local_time)
                        on conflict (entry_id) do update set practice = excluded.practice, version = excluded.version,
                            deleted = excluded.deleted, occurred_at = excluded.occurred_at, time_zone = excluded.time_zone,
                            local_date = excluded.local_date, local_time = excluded.local_time""",
                column(rows, HistoryRow::entryId), column(rows, HistoryRow::userId), column(rows, r -> r.practice().name()),
                column(rows, HistoryRow::version), column(rows, HistoryRow::deleted), column(rows, HistoryRow::occurredAt),
                column(rows, HistoryRow::timeZone), column(rows, HistoryRow::localDate), column(rows, HistoryRow::localTime));
    }

    /** Sent reminders of the practice shortly before an entry helped ({@link ScheduleStore#markHelpful}, all at once). */
    public void markHelpful(List<Helpful> helpful) {
        if (helpful.isEmpty()) {
            return;
        }
        ArrayStatements.update(em, """
                        update scheduled_reminder s set helpful = true
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as r(user_id, practice, sent_from, sent_to)
                        where s.user_id = r.user_id and s.practice = r.practice and s.status = 'SENT'
                            and s.due_at between cast(r.sent_from as timestamptz) and cast(r.sent_to as timestamptz)""",
                column(helpful, Helpful::userId), column(helpful, h -> h.practice().name()), column(helpful, Helpful::from),
                column(helpful, Helpful::to));
    }

    /** {@link ScheduleStore#dropPending} for every day done, in one statement. */
    public void dropPending(List<DayDone> days) {
        if (days.isEmpty()) {
            return;
        }
        ArrayStatements.update(em, """
                        delete from scheduled_reminder s using unnest(?::text[], ?::text[], ?::text[]) as r(user_id, practice, local_date)
                        where s.user_id = r.user_id and s.practice = r.practice and s.local_date = cast(r.local_date as date)
                            and s.status = 'PENDING'""",
                column(days, DayDone::userId), column(days, d -> d.practice().name()), column(days, DayDone::localDate));
    }

    /** {@link PracticeResponseStore#reset} for every person and practice, in one statement. */
    public void resetResponses(Collection<PersonPractice> returned) {
        if (returned.isEmpty()) {
            return;
        }
        List<PersonPractice> list = List.copyOf(returned);
        ArrayStatements.update(em, """
                        delete from practice_response p using unnest(?::text[], ?::text[]) as r(user_id, practice)
                        where p.user_id = r.user_id and p.practice = r.practice""",
                column(list, PersonPractice::userId), column(list, p -> p.practice().name()));
    }

    /**
     * {@link PracticeActivity#seen} for a whole batch, one row per person and practice: its deliveries counted, and its
     * last one kept unless the stored one occurred later (the same rule one delivery at a time gives).
     */
    public void seen(List<Activity> activity, Instant now) {
        if (activity.isEmpty()) {
            return;
        }
        ArrayStatements.update(em, """
                        insert into practice_activity as a (user_id, practice, time_zone, last_local_date, last_local_time, last_occurred_at,
                            entries_seen, updated_at)
                        select user_id, practice, time_zone, cast(local_date as date), cast(local_time as time), cast(occurred_at as timestamptz),
                            cast(seen as int), cast(? as timestamptz)
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                            as r(user_id, practice, time_zone, local_date, local_time, occurred_at, seen)
                        on conflict (user_id, practice) do update set entries_seen = a.entries_seen + excluded.entries_seen,
                            updated_at = excluded.updated_at,
                            time_zone = case when a.last_occurred_at > excluded.last_occurred_at then a.time_zone else excluded.time_zone end,
                            last_local_date = case when a.last_occurred_at > excluded.last_occurred_at then a.last_local_date
                                else excluded.last_local_date end,
                            last_local_time = case when a.last_occurred_at > excluded.last_occurred_at then a.last_local_time
                                else excluded.last_local_time end,
                            last_occurred_at = greatest(a.last_occurred_at, excluded.last_occurred_at)""",
                now.toString(), column(activity, Activity::userId), column(activity, a -> a.practice().name()),
                column(activity, Activity::timeZone), column(activity, Activity::localDate), column(activity, Activity::localTime),
                column(activity, Activity::occurredAt), column(activity, Activity::seen));
    }

    /** One text[] column of the rows (ISO text: every SQL cast above reads it back exactly). */
    private static <T> List<String> column(List<T> rows, Function<T, Object> value) {
        return rows.stream().map(r -> String.valueOf(value.apply(r))).toList();
    }
}
