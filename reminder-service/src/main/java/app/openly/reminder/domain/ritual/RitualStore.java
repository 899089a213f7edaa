package app.openly.reminder.domain.ritual;

import app.openly.platform.persistence.ArrayStatements;
import app.openly.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The partnership projection ({@code ritual_partnership}), the nights a partner shared
 * ({@code ritual_partner_shared}), and the one statement that moves a partner's waiting ritual reminder to
 * the shared moment. Ids and dates only: reminder-service never holds a ritual's text.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RitualStore {

    /** A partnership both people's events have confirmed (each row names the other, with the same pair). */
    public record Partnership(UUID pairId, String partnerId) {
    }

    @Inject
    EntityManager em;

    /** PartnershipFormed for the person: their partnership, replacing any earlier one of theirs. */
    public void formed(String userId, UUID pairId, String partnerId, Instant now) {
        em.createNativeQuery("""
                        insert into ritual_partnership (user_id, pair_id, partner_user_id, formed_at) values (:u, :pair, :partner, :now)
                        on conflict (user_id) do update set pair_id = excluded.pair_id, partner_user_id = excluded.partner_user_id,
                            formed_at = excluded.formed_at""")
                .setParameter("u", userId).setParameter("pair", pairId).setParameter("partner", partnerId).setParameter("now", utc(now))
                .executeUpdate();
    }

    /** PartnershipEnded for the person: their row of that pair goes; returns whom it named. */
    public Optional<String> ended(String userId, UUID pairId) {
        List<?> partner = em.createNativeQuery("delete from ritual_partnership where user_id = :u and pair_id = :pair returning partner_user_id")
                .setParameter("u", userId).setParameter("pair", pairId).getResultList();
        em.createNativeQuery("delete from ritual_partner_shared where user_id = :u and pair_id = :pair")
                .setParameter("u", userId).setParameter("pair", pairId).executeUpdate();
        return partner.stream().map(String.class::cast).findFirst();
    }

    /**
     * The erased person's partners lose every row naming them (the erased person's own rows go with the
     * personal-data catalogue); returns who they were, to re-plan them on their own.
     */
    public List<String> forgetPartnerErased(String erasedId) {
        List<?> partners = em.createNativeQuery("delete from ritual_partnership where partner_user_id = :u returning user_id, pair_id")
                .setParameter("u", erasedId).getResultList();
        for (Object row : partners) {
            Object[] r = (Object[]) row;
            em.createNativeQuery("delete from ritual_partner_shared where user_id = :u and pair_id = :pair")
                    .setParameter("u", r[0]).setParameter("pair", r[1]).executeUpdate();
        }
        return partners.stream().map(row -> (String) ((Object[]) row)[0]).toList();
    }

    /** The person's partnership, once both people's PartnershipFormed arrived and neither ended it. */
    public Optional<Partnership> partnershipOf(String userId) {
        List<?> rows = em.createNativeQuery("""
                        select mine.pair_id, mine.partner_user_id from ritual_partnership mine
                        join ritual_partnership theirs on theirs.user_id = mine.partner_user_id and theirs.pair_id = mine.pair_id
                            and theirs.partner_user_id = mine.user_id
                        where mine.user_id = :u""")
                .setParameter("u", userId).getResultList();
        return rows.stream().map(row -> (Object[]) row).map(r -> new Partnership((UUID) r[0], (String) r[1])).findFirst();
    }

    /** The people among {@code people} whose row names a partner or whom a row names (formed or half-formed). */
    public Set<String> partneredAmong(Collection<String> people) {
        Set<String> partnered = new HashSet<>();
        ArrayStatements.query(em, """
                        select user_id from ritual_partnership where user_id = any(?::text[])
                        union select partner_user_id from ritual_partnership where partner_user_id = any(?::text[])""",
                row -> partnered.add(row.getString(1)), people, people);
        return partnered;
    }

    /** Whom the person's own row names, confirmed by the partner or not (who to re-plan when it changes). */
    public Optional<String> namedPartnerOf(String userId) {
        List<?> rows = em.createNativeQuery("select partner_user_id from ritual_partnership where user_id = :u")
                .setParameter("u", userId).getResultList();
        return rows.stream().map(String.class::cast).findFirst();
    }

    /** PartnerSharedRitual: the partner shared for {@code night}. False when it was known already. */
    public boolean partnerShared(String userId, UUID pairId, LocalDate night, Instant now) {
        return em.createNativeQuery("""
                        insert into ritual_partner_shared (user_id, pair_id, night, shared_at) values (:u, :pair, :night, :now)
                        on conflict do nothing""")
                .setParameter("u", userId).setParameter("pair", pairId).setParameter("night", night).setParameter("now", utc(now))
                .executeUpdate() > 0;
    }

    /** RitualRevealed: both shared for {@code night}, so there is nothing left to mention. */
    public void revealed(String userId, UUID pairId, LocalDate night, Instant now) {
        em.createNativeQuery("""
                        insert into ritual_partner_shared (user_id, pair_id, night, shared_at, revealed) values (:u, :pair, :night, :now, true)
                        on conflict (user_id, pair_id, night) do update set revealed = true""")
                .setParameter("u", userId).setParameter("pair", pairId).setParameter("night", night).setParameter("now", utc(now))
                .executeUpdate();
    }

    /** Nights from {@code from} on that the partner shared and the person has not (the pair's nights only). */
    public Set<LocalDate> partnerSharedAlone(String userId, UUID pairId, LocalDate from) {
        List<?> nights = em.createNativeQuery("""
                        select night from ritual_partner_shared where user_id = :u and pair_id = :pair and not revealed and night >= :from""")
                .setParameter("u", userId).setParameter("pair", pairId).setParameter("from", from).getResultList();
        Set<LocalDate> result = new HashSet<>();
        nights.forEach(n -> result.add(Rows.date(n)));
        return result;
    }

    /**
     * Moves the partner's waiting (not snoozed) ritual reminder of {@code localDate} to the shared moment (or back to
     * their own time when the evenings no longer meet), without waiting for the partner's next re-plan. SKIP LOCKED: a partner being re-planned right
     * now is left alone (their own re-plan computes the same moment), and two partners re-planned at once never
     * wait on each other.
     */
    public void movePartnerReminder(String partnerId, LocalDate localDate, Instant at, LocalTime localTime, String reason,
                                    java.util.List<app.openly.reminder.domain.logic.ReminderPlanner.ReasonCode> reasonCodes) {
        em.createNativeQuery("""
                        update scheduled_reminder set due_at = :at, local_time = :localTime, reason = :reason, reason_codes = :reasonCodes
                        where id in (select id from scheduled_reminder where user_id = :u and practice = 'RITUAL_OF_OPENNESS'
                            and local_date = :localDate and status = 'PENDING' and not snoozed for update skip locked)""")
                .setParameter("at", utc(at)).setParameter("localTime", localTime).setParameter("reason", reason)
                .setParameter("reasonCodes", app.openly.reminder.domain.ScheduledReminder.codes(reasonCodes))
                .setParameter("u", partnerId).setParameter("localDate", localDate).executeUpdate();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
