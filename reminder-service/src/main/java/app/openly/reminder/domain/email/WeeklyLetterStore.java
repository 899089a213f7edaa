package app.openly.reminder.domain.email;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** The letter ledger {@code weekly_letter}: one row per person and ISO week. */
@ApplicationScoped
public class WeeklyLetterStore {

    public enum Status { SCHEDULED, SENDING, SENT, FAILED, DROPPED }

    /** A claimed letter: whose, which week, the figures as stored (JSON), and this attempt's number. */
    public record Claimed(String userId, String week, String timeZone, String figures, int attempt) {
    }

    @Inject
    EntityManager em;

    /** Records the week's letter once; false when the person already has a row for that week (a redelivered event). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean insertOnce(String userId, String week, UUID eventId, Status status, Instant sendAt, String timeZone, String figures,
                              String detail, Instant now) {
        return em.createNativeQuery("""
                        insert into weekly_letter (user_id, week, event_id, status, send_at, time_zone, figures, detail, updated_at)
                        values (:u, :week, :event, :status, :sendAt, :zone, cast(:figures as jsonb), :detail, :now)
                        on conflict (user_id, week) do nothing""")
                .setParameter("u", userId).setParameter("week", week).setParameter("event", eventId).setParameter("status", status.name())
                .setParameter("sendAt", sendAt.atOffset(ZoneOffset.UTC)).setParameter("zone", timeZone).setParameter("figures", figures)
                .setParameter("detail", detail).setParameter("now", now.atOffset(ZoneOffset.UTC)).executeUpdate() > 0;
    }

    /**
     * Claims up to {@code limit} letters whose time has come (or whose sender died mid-way, claimed before
     * {@code staleBefore}); other replicas skip them. Each claim counts as an attempt.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Claimed> claimDue(Instant now, Instant staleBefore, int limit) {
        List<?> rows = em.createNativeQuery("""
                        update weekly_letter l set status = 'SENDING', attempts = l.attempts + 1, updated_at = :now
                        from (select user_id, week from weekly_letter
                              where (status = 'SCHEDULED' and send_at <= :now) or (status = 'SENDING' and updated_at < :stale)
                              order by send_at limit :limit for update skip locked) due
                        where l.user_id = due.user_id and l.week = due.week
                        returning l.user_id, l.week, l.time_zone, cast(l.figures as text), l.attempts""")
                .setParameter("now", now.atOffset(ZoneOffset.UTC)).setParameter("stale", staleBefore.atOffset(ZoneOffset.UTC))
                .setParameter("limit", limit).getResultList();
        return rows.stream().map(o -> (Object[]) o)
                .map(r -> new Claimed((String) r[0], (String) r[1], (String) r[2], (String) r[3], ((Number) r[4]).intValue())).toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void settle(String userId, String week, Status status, String detail, Instant now) {
        em.createNativeQuery("""
                        update weekly_letter set status = :status, detail = :detail, updated_at = :now,
                            sent_at = case when :status = 'SENT' then :now else sent_at end
                        where user_id = :u and week = :week""")
                .setParameter("status", status.name()).setParameter("detail", detail).setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("u", userId).setParameter("week", week).executeUpdate();
    }

    /** Back to waiting, until {@code at} (a retry, or the end of quiet hours). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reschedule(String userId, String week, Instant at, String detail, Instant now) {
        em.createNativeQuery("""
                        update weekly_letter set status = 'SCHEDULED', send_at = :at, detail = :detail, updated_at = :now
                        where user_id = :u and week = :week""")
                .setParameter("at", at.atOffset(ZoneOffset.UTC)).setParameter("detail", detail).setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("u", userId).setParameter("week", week).executeUpdate();
    }

    /** The ledger row's status, for tests and the person's own view. */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Optional<String> status(String userId, String week) {
        List<?> rows = em.createNativeQuery("select status from weekly_letter where user_id = :u and week = :week")
                .setParameter("u", userId).setParameter("week", week).getResultList();
        return rows.stream().map(String.class::cast).findFirst();
    }
}
