package app.openly.reminder.domain;

import app.openly.events.Practice;
import app.openly.platform.persistence.ArrayStatements;
import app.openly.platform.persistence.Rows;
import app.openly.reminder.domain.logic.ReminderPlanner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static app.openly.reminder.domain.PracticeHistoryStore.utc;

/**
 * The schedule's bulk statements on {@code scheduled_reminder}: re-planning a person's waiting
 * reminders, and the due scan that claims rows across replicas ({@code FOR UPDATE SKIP LOCKED ...
 * RETURNING}). Single reminders a person reads or answers are the {@link ScheduledReminder} entity.
 * Over 200 lines because re-planning's rows, read and written for a whole batch, and the due scan's claims live together.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ScheduleStore {

    /** A reminder claimed by the due scan and marked SENT. */
    public record Claimed(UUID id, String userId, Practice practice, Instant dueAt, LocalTime localTime, String timeZone,
                          String message, String reason) {
    }

    /** A sent reminder that got no answer in time, and whether the practice followed it anyway. */
    public record Unanswered(String userId, Practice practice, boolean helpful) {
    }

    @Inject
    EntityManager em;

    /** Sent reminders of the practice shortly before an entry helped. */
    public void markHelpful(String userId, Practice practice, Instant sentFrom, Instant sentTo) {
        em.createNativeQuery("""
                        update scheduled_reminder set helpful = true
                        where user_id = :userId and practice = :practice and status = 'SENT' and due_at between :sentFrom and :sentTo""")
                .setParameter("userId", userId).setParameter("practice", practice.name())
                .setParameter("sentFrom", utc(sentFrom)).setParameter("sentTo", utc(sentTo)).executeUpdate();
    }

    /** The practice was done that day: its waiting reminder (snoozed or not) is no longer needed. */
    public void dropPending(String userId, Practice practice, LocalDate localDate) {
        em.createNativeQuery("""
                        delete from scheduled_reminder where user_id = :userId and practice = :practice and local_date = :localDate
                        and status = 'PENDING'""")
                .setParameter("userId", userId).setParameter("practice", practice.name()).setParameter("localDate", localDate).executeUpdate();
    }

    /**
     * A row re-planning reads: waiting ({@code PENDING}, snoozed or not) or on a day from the re-plan's earliest
     * today. {@code untouched}: never sent, answered or found helpful (a waiting row that is a planner's output only).
     */
    public record Row(UUID id, String userId, Practice practice, LocalDate localDate, LocalTime localTime, String timeZone,
                      Instant dueAt, String reason, String reasonCodes, String message, boolean pending, boolean snoozed,
                      boolean untouched) {

        /** Whether this row is exactly what inserting {@code r} would write (so re-planning may leave it). */
        boolean same(NewReminder r) {
            var p = r.planned();
            return pending && !snoozed && untouched && id.equals(r.id()) && userId.equals(r.userId()) && practice == p.practice()
                    && localDate.equals(p.localDate()) && localTime.equals(p.localTime()) && timeZone.equals(r.timeZone())
                    && dueAt.equals(p.at()) && reason.equals(p.reason()) && reasonCodes.equals(ScheduledReminder.codes(p.reasonCodes()))
                    && message.equals(p.message());
        }
    }

    /**
     * What re-planning {@code people} reads of the schedule, in one statement (was three: drop the planned rows, read
     * the snoozed ones, read the days taken): per person, their waiting rows and every row on a day from {@code from}.
     */
    public Map<String, List<Row>> replanRowsOf(Collection<String> people, LocalDate from) {
        Map<String, List<Row>> rows = new HashMap<>();
        ArrayStatements.query(em, """
                        select id, user_id, practice, local_date, local_time, time_zone, due_at, reason, reason_codes, message,
                            status = 'PENDING', snoozed, sent_at is null and response is null and responded_at is null and not helpful
                        from scheduled_reminder where user_id = any(?::text[]) and (status = 'PENDING' or local_date >= ?)""",
                row -> rows.computeIfAbsent(row.getString(2), u -> new ArrayList<>()).add(new Row(row.getObject(1, UUID.class),
                        row.getString(2), Practice.valueOf(row.getString(3)), row.getObject(4, LocalDate.class),
                        row.getObject(5, LocalTime.class), row.getString(6), row.getObject(7, java.time.OffsetDateTime.class).toInstant(),
                        row.getString(8), row.getString(9), row.getString(10), row.getBoolean(11), row.getBoolean(12), row.getBoolean(13))),
                people, from);
        return rows;
    }

    /** Deletes the reminders {@code ids}, in one statement. */
    public void deleteAll(Collection<UUID> ids) {
        if (!ids.isEmpty()) {
            ArrayStatements.update(em, "delete from scheduled_reminder where id = any(?::uuid[])", ids);
        }
    }

    /** A planned reminder to add (as {@code PENDING}). */
    public record NewReminder(UUID id, String userId, String timeZone, ReminderPlanner.Planned planned) {
    }

    /** Adds each planned reminder unless that practice already has one that day, in their order, in one statement. */
    public void addAllPlanned(List<NewReminder> reminders) {
        if (reminders.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(), users = new ArrayList<>(), practices = new ArrayList<>(), dates = new ArrayList<>(),
                times = new ArrayList<>(), zones = new ArrayList<>(), dueAt = new ArrayList<>(), reasons = new ArrayList<>(),
                codes = new ArrayList<>(), messages = new ArrayList<>();
        for (NewReminder r : reminders) {
            ids.add(r.id().toString());
            users.add(r.userId());
            practices.add(r.planned().practice().name());
            dates.add(r.planned().localDate().toString());
            times.add(r.planned().localTime().toString());
            zones.add(r.timeZone());
            dueAt.add(r.planned().at().toString());
            reasons.add(r.planned().reason());
            codes.add(ScheduledReminder.codes(r.planned().reasonCodes()));
            messages.add(r.planned().message());
        }
        // "with ordinality ... order by": rows go in in the list's order, so a conflict keeps the first, as one by one.
        ArrayStatements.update(em, """
                        insert into scheduled_reminder (id, user_id, practice, local_date, local_time, time_zone, due_at, reason, reason_codes,
                            message, status)
                        select cast(id as uuid), user_id, practice, cast(local_date as date), cast(local_time as time), time_zone,
                            cast(due_at as timestamptz), reason, reason_codes, message, 'PENDING'
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                            with ordinality as r(id, user_id, practice, local_date, local_time, time_zone, due_at, reason, reason_codes, message, n)
                        order by n
                        on conflict do nothing""",
                ids, users, practices, dates, times, zones, dueAt, reasons, codes, messages);
    }

    /**
     * Claims and marks SENT at most {@code batchSize} reminders due at {@code now}, in one statement.
     * SKIP LOCKED keeps replicas off each other's rows, and the outer "status = 'PENDING'" is re-checked
     * on the newest row version, so a row another replica sent between this statement's snapshot and its
     * lock is never taken again.
     */
    public List<Claimed> claimDue(Instant now, int batchSize) {
        List<?> rows = em.createNativeQuery("""
                        update scheduled_reminder set status = 'SENT', snoozed = false, sent_at = :now
                        where status = 'PENDING' and id in (
                            select id from scheduled_reminder where status = 'PENDING' and due_at <= :now
                            order by due_at limit :batchSize for update skip locked)
                        returning id, user_id, practice, due_at, local_time, time_zone, message, reason""")
                .setParameter("now", utc(now)).setParameter("batchSize", batchSize).getResultList();
        return rows.stream().map(row -> (Object[]) row)
                .map(r -> new Claimed((UUID) r[0], (String) r[1], Practice.valueOf((String) r[2]), Rows.instant(r[3]), Rows.time(r[4]),
                        (String) r[5], (String) r[6], (String) r[7]))
                .toList();
    }

    /** Marks IGNORED at most {@code batchSize} sent reminders due before {@code cutoff} that got no answer. */
    public List<Unanswered> markIgnored(Instant now, Instant cutoff, int batchSize) {
        List<?> rows = em.createNativeQuery("""
                        update scheduled_reminder set response = 'IGNORED', responded_at = :now
                        where status = 'SENT' and response is null and id in (
                            select id from scheduled_reminder where status = 'SENT' and response is null and due_at < :cutoff
                            order by due_at limit :batchSize for update skip locked)
                        returning user_id, practice, helpful""")
                .setParameter("now", utc(now)).setParameter("cutoff", utc(cutoff)).setParameter("batchSize", batchSize).getResultList();
        return rows.stream().map(row -> (Object[]) row)
                .map(r -> new Unanswered((String) r[0], Practice.valueOf((String) r[1]), Boolean.TRUE.equals(r[2]))).toList();
    }
}
