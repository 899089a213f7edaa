package app.openly.reminder.domain.delivery;

import app.openly.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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

    @Inject
    EntityManager em;

    /**
     * Claims (event, channel, target) for sending. False when it was settled before (a redelivered event):
     * nothing is sent twice. A row left SENDING by a crash between send and ledger write is claimed again:
     * at-least-once at the push service, with the same Topic, so the device shows one notification.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean claim(UUID eventId, Channel channel, String target, String userId, UUID reminderId, Instant dueAt, Instant now) {
        int inserted = em.createNativeQuery("""
                        insert into notification_delivery (event_id, channel, target, user_id, reminder_id, status, attempts, due_at, updated_at)
                        values (:e, :c, :t, :u, :r, 'SENDING', 0, :due, :now) on conflict do nothing""")
                .setParameter("e", eventId).setParameter("c", channel.name()).setParameter("t", target).setParameter("u", userId)
                .setParameter("r", reminderId).setParameter("due", utc(dueAt)).setParameter("now", utc(now)).executeUpdate();
        if (inserted == 1) {
            return true;
        }
        @SuppressWarnings("unchecked")
        List<String> status = em.createNativeQuery("select status from notification_delivery where event_id = :e and channel = :c and target = :t")
                .setParameter("e", eventId).setParameter("c", channel.name()).setParameter("t", target).getResultList();
        return !status.isEmpty() && Status.SENDING.name().equals(status.get(0));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void settle(UUID eventId, Channel channel, String target, Status status, int attempts, String detail, Instant now) {
        em.createNativeQuery("""
                        update notification_delivery set status = :s, attempts = :a, detail = :d, updated_at = :now,
                            sent_at = case when :s = 'SENT' then :now else sent_at end
                        where event_id = :e and channel = :c and target = :t""")
                .setParameter("s", status.name()).setParameter("a", attempts).setParameter("d", detail).setParameter("now", utc(now))
                .setParameter("e", eventId).setParameter("c", channel.name()).setParameter("t", target).executeUpdate();
    }

    /** An outcome of the event as a whole (dropped at send time, no active channel); recorded once. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean recordOnce(UUID eventId, String userId, UUID reminderId, Instant dueAt, Status status, String detail, Instant now) {
        return em.createNativeQuery("""
                        insert into notification_delivery (event_id, channel, target, user_id, reminder_id, status, attempts, detail, due_at, updated_at)
                        values (:e, :c, :t, :u, :r, :s, 0, :d, :due, :now) on conflict do nothing""")
                .setParameter("e", eventId).setParameter("c", NO_CHANNEL).setParameter("t", NO_TARGET).setParameter("u", userId)
                .setParameter("r", reminderId).setParameter("s", status.name()).setParameter("d", detail)
                .setParameter("due", utc(dueAt)).setParameter("now", utc(now)).executeUpdate() == 1;
    }

    /** Whether the reminder is still in the person's schedule (an erased person's is not). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean stillScheduled(String userId, UUID reminderId) {
        return !em.createNativeQuery("select 1 from scheduled_reminder where id = :id and user_id = :u")
                .setParameter("id", reminderId).setParameter("u", userId).getResultList().isEmpty();
    }

    /** Reminders (other than {@code except}) delivered to the person in [from, to): what the daily cap counts. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int remindersSent(String userId, Instant from, Instant to, UUID except) {
        return ((Number) em.createNativeQuery("""
                        select count(distinct event_id) from notification_delivery
                        where user_id = :u and status = 'SENT' and sent_at >= :f and sent_at < :t and event_id <> :e""")
                .setParameter("u", userId).setParameter("f", utc(from)).setParameter("t", utc(to)).setParameter("e", except)
                .getSingleResult()).intValue();
    }

    /** For each of the person's reminders, the best outcome: SENT on any channel wins; otherwise why not. */
    @Transactional
    public Map<UUID, Outcome> outcomes(String userId, Collection<UUID> reminderIds) {
        Map<UUID, Outcome> out = new HashMap<>();
        if (reminderIds.isEmpty()) {
            return out;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select reminder_id, status, detail from notification_delivery where user_id = :u and reminder_id in (:ids)
                        order by case status when 'SENT' then 0 when 'SENDING' then 1 else 2 end, updated_at desc""")
                .setParameter("u", userId).setParameter("ids", reminderIds).getResultList();
        for (Object[] r : rows) {
            out.putIfAbsent((UUID) r[0], new Outcome((UUID) r[0], Status.valueOf((String) r[1]), (String) r[2]));
        }
        return out;
    }

    /** What the reminder history says about delivery: "delivered", "not delivered: why", or null while on its way. */
    public static String describe(Outcome outcome) {
        if (outcome == null || outcome.status() == Status.SENDING) {
            return null;
        }
        if (outcome.status() == Status.SENT) {
            return "delivered";
        }
        return "not delivered: " + (outcome.detail() == null ? outcome.status().name().toLowerCase(java.util.Locale.ROOT) : outcome.detail());
    }

    /** Every ledger row of the person, newest first (for the tests and the export). */
    @Transactional
    public List<Object[]> rowsOf(String userId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select event_id, channel, target, status, attempts, detail, sent_at from notification_delivery where user_id = :u order by updated_at desc")
                .setParameter("u", userId).getResultList();
        return rows;
    }

    static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Object o) {
        return o == null ? null : Rows.instant(o);
    }
}
