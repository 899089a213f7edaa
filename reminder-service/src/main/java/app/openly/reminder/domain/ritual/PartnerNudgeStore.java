package app.openly.reminder.domain.ritual;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** The {@code partner_nudge} rows: queued in the consumer's transaction, claimed and settled in short ones of their own. */
@ApplicationScoped
public class PartnerNudgeStore {

    public enum Status { PENDING, SENDING, SENT, DROPPED, NOT_DELIVERED, FAILED }

    /** A nudge claimed for sending. */
    public record Claimed(String userId, LocalDate night, UUID pairId, UUID eventId, int attempts) {
    }

    /** A claim older than this was left by a replica that stopped while sending: it is taken again (the ledger keeps it exact). */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    @Inject
    EntityManager em;

    /** Queues the night's nudge; false when the night already had one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean queue(String userId, LocalDate night, UUID pairId, Instant now) {
        UUID eventId = UUID.nameUUIDFromBytes(("partner-nudge|" + userId + "|" + night).getBytes(StandardCharsets.UTF_8));
        return em.createNativeQuery("""
                        insert into partner_nudge (user_id, night, pair_id, event_id, status, queued_at, updated_at)
                        values (:u, :night, :pair, :e, 'PENDING', :now, :now) on conflict do nothing""")
                .setParameter("u", userId).setParameter("night", night).setParameter("pair", pairId).setParameter("e", eventId)
                .setParameter("now", utc(now)).executeUpdate() > 0;
    }

    /** Claims at most {@code batchSize} nudges to send; other replicas skip them. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Claimed> claim(Instant now, int batchSize) {
        List<?> rows = em.createNativeQuery("""
                        update partner_nudge set status = 'SENDING', attempts = attempts + 1, updated_at = :now
                        where (user_id, night) in (
                            select user_id, night from partner_nudge
                            where status = 'PENDING' or (status = 'SENDING' and updated_at < :abandoned)
                            order by updated_at limit :batchSize for update skip locked)
                        returning user_id, night, pair_id, event_id, attempts""")
                .setParameter("now", utc(now)).setParameter("abandoned", utc(now.minus(ABANDONED_AFTER)))
                .setParameter("batchSize", batchSize).getResultList();
        return rows.stream().map(row -> (Object[]) row).map(r -> new Claimed((String) r[0], app.openly.platform.persistence.Rows.date(r[1]),
                (UUID) r[2], (UUID) r[3], ((Number) r[4]).intValue())).toList();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void settle(String userId, LocalDate night, Status status, String detail, Instant now) {
        em.createNativeQuery("update partner_nudge set status = :s, detail = :d, updated_at = :now where user_id = :u and night = :night")
                .setParameter("s", status.name()).setParameter("d", detail).setParameter("now", utc(now))
                .setParameter("u", userId).setParameter("night", night).executeUpdate();
    }

    /** The person shared that night after all (their night was revealed): nothing to nudge about any more. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean stillAlone(String userId, UUID pairId, LocalDate night) {
        return !em.createNativeQuery("""
                        select 1 from ritual_partner_shared where user_id = :u and pair_id = :pair and night = :night and not revealed""")
                .setParameter("u", userId).setParameter("pair", pairId).setParameter("night", night).getResultList().isEmpty();
    }

    /** Whether a ritual reminder of the person for that night is still to come (then it carries the mention). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean reminderToCome(String userId, LocalDate night) {
        return !em.createNativeQuery("""
                        select 1 from scheduled_reminder where user_id = :u and practice = 'RITUAL_OF_OPENNESS' and status = 'PENDING'
                        and ((local_date = :night and local_time >= '04:00') or (local_date = :nextDay and local_time < '04:00'))""")
                .setParameter("u", userId).setParameter("night", night).setParameter("nextDay", night.plusDays(1)).getResultList().isEmpty();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
