package app.openly.reminder.domain.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code notification_delivery} ledger: one row per (event, channel, target). Each call is its own short
 * transaction, never held across a request to a push service.
 */
@ApplicationScoped
public class DeliveryLedger {

    public enum Status { SENDING, SENT, FAILED, PRUNED, DROPPED, NOT_DELIVERED }

    /** The target used for rows that concern the event as a whole (dropped, no active channel). */
    public static final String NO_CHANNEL = "none";
    public static final String NO_TARGET = "-";

    /** What the history shows for one reminder: its best outcome over every channel. */
    public record Outcome(UUID reminderId, Status status, String detail) {
    }

    /** One ledger row, as the export and the tests see it. */
    public record Row(UUID eventId, String channel, String target, Status status, int attempts, String detail, Instant sentAt) {
    }

    @Inject
    EntityManager em;

    /**
     * Claims (event, channel, target) for sending. False when it was settled before (a redelivered event):
     * nothing is sent twice. A row left SENDING by a crash between send and ledger write is claimed again:
     * at-least-once at the push service, with the same collapse key, so the device shows one notification.
     *
     * @param channel the {@link NotificationChannel#name()}
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean claim(UUID eventId, String channel, String target, String userId, UUID reminderId, Instant dueAt, Instant now) {
        int inserted = em.createNativeQuery("""
                        insert into notification_delivery (event_id, channel, target, user_id, reminder_id, status, attempts, due_at, updated_at)
                        values (:eventId, :channel, :target, :userId, :reminderId, 'SENDING', 0, :dueAt, :now) on conflict do nothing""")
                .setParameter("eventId", eventId).setParameter("channel", channel).setParameter("target", target)
                .setParameter("userId", userId).setParameter("reminderId", reminderId).setParameter("dueAt", utc(dueAt))
                .setParameter("now", utc(now)).executeUpdate();
        if (inserted == 1) {
            return true;
        }
        List<?> status = em.createNativeQuery("select status from notification_delivery where event_id = :eventId and channel = :channel and target = :target")
                .setParameter("eventId", eventId).setParameter("channel", channel).setParameter("target", target).getResultList();
        return !status.isEmpty() && Status.SENDING.name().equals(status.get(0));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void settle(UUID eventId, String channel, String target, Status status, int attempts, String detail, Instant now) {
        em.createNativeQuery("""
                        update notification_delivery set status = :status, attempts = :attempts, detail = :detail, updated_at = :now,
                            sent_at = case when :status = 'SENT' then :now else sent_at end
                        where event_id = :eventId and channel = :channel and target = :target""")
                .setParameter("status", status.name()).setParameter("attempts", attempts).setParameter("detail", detail)
                .setParameter("now", utc(now)).setParameter("eventId", eventId).setParameter("channel", channel)
                .setParameter("target", target).executeUpdate();
    }

    /** An outcome of the event as a whole (dropped at send time, no active channel); recorded once. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean recordOnce(UUID eventId, String userId, UUID reminderId, Instant dueAt, Status status, String detail, Instant now) {
        return em.createNativeQuery("""
                        insert into notification_delivery (event_id, channel, target, user_id, reminder_id, status, attempts, detail, due_at, updated_at)
                        values (:eventId, :channel, :target, :userId, :reminderId, :status, 0, :detail, :dueAt, :now) on conflict do nothing""")
                .setParameter("eventId", eventId).setParameter("channel", NO_CHANNEL).setParameter("target", NO_TARGET)
                .setParameter("userId", userId).setParameter("reminderId", reminderId).setParameter("status", status.name())
                .setParameter("detail", detail).setParameter("dueAt", utc(dueAt)).setParameter("now", utc(now)).executeUpdate() == 1;
    }

    /** Whether the reminder is still in the person's schedule (an erased person's is not). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean stillScheduled(String userId, UUID reminderId) {
        return !em.createNativeQuery("select 1 from scheduled_reminder where id = :reminderId and user_id = :userId")
                .setParameter("reminderId", reminderId).setParameter("userId", userId).getResultList().isEmpty();
    }

    /** Reminders (other than {@code except}) delivered to the person in [from, to): what the daily cap counts. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int remindersSent(String userId, Instant from, Instant to, UUID except) {
        Number count = (Number) em.createNativeQuery("""
                        select count(distinct event_id) from notification_delivery
                        where user_id = :userId and status = 'SENT' and sent_at >= :from and sent_at < :to and event_id <> :exceptEventId""")
                .setParameter("userId", userId).setParameter("from", utc(from)).setParameter("to", utc(to))
                .setParameter("exceptEventId", except).getSingleResult();
        return count.intValue();
    }

    /** For each of the person's reminders, the best outcome: SENT on any channel wins; otherwise why not. */
    @Transactional
    public Map<UUID, Outcome> outcomes(String userId, Collection<UUID> reminderIds) {
        Map<UUID, Outcome> out = new HashMap<>();
        if (reminderIds.isEmpty()) {
            return out;
        }
        List<Tuple> rows = em.createNativeQuery("""
                        select reminder_id, status, detail from notification_delivery where user_id = :userId and reminder_id in (:reminderIds)
                        order by case status when 'SENT' then 0 when 'SENDING' then 1 else 2 end, updated_at desc""", Tuple.class)
                .setParameter("userId", userId).setParameter("reminderIds", reminderIds).getResultList();
        for (Tuple row : rows) {
            UUID reminderId = row.get("reminder_id", UUID.class);
            out.putIfAbsent(reminderId, new Outcome(reminderId, Status.valueOf(row.get("status", String.class)), row.get("detail", String.class)));
        }
        return out;
    }

    /**
     * What the reminder history says about delivery, in the person's language, with its stable code; null while on
     * its way.
     */
    public static app.openly.reminder.domain.logic.DeliveryNote.Note describe(Outcome outcome, java.util.Locale locale) {
        if (outcome == null) {
            return null;
        }
        return app.openly.reminder.domain.logic.DeliveryNote.of(
                app.openly.reminder.domain.logic.DeliveryNote.Status.valueOf(outcome.status().name()), outcome.detail(), locale);
    }

    /** Every ledger row of the person, newest first (for the tests and the export). */
    @Transactional
    public List<Row> rowsOf(String userId) {
        List<Tuple> rows = em.createNativeQuery("""
                        select event_id, channel, target, status, attempts, detail, sent_at from notification_delivery
                        where user_id = :userId order by updated_at desc""", Tuple.class)
                .setParameter("userId", userId).getResultList();
        return rows.stream().map(row -> new Row(row.get("event_id", UUID.class), row.get("channel", String.class),
                row.get("target", String.class), Status.valueOf(row.get("status", String.class)),
                row.get("attempts", Integer.class), row.get("detail", String.class), instant(row.get("sent_at")))).toList();
    }

    static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Object column) {
        return WebPushSubscriptions.instant(column);
    }
}
