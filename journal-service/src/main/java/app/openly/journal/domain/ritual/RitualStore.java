package app.openly.journal.domain.ritual;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The once-only ritual facts: the first share of each person per night and the reveal of a night.
 * Native SQL because "insert unless it is there, and tell me whether it was" is an upsert JPQL cannot say.
 */
@ApplicationScoped
public class RitualStore {

    @Inject
    EntityManager em;

    /** @return true the first time {@code userId} shared for {@code night} in this partnership */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean recordFirstShare(UUID pairId, String userId, LocalDate night, Instant at) {
        return em.createNativeQuery("""
                        insert into ritual_share (pair_id, user_id, night, first_shared_at) values (:pairId, :userId, :night, :sharedAt)
                        on conflict do nothing""")
                .setParameter("pairId", pairId).setParameter("userId", userId).setParameter("night", night)
                .setParameter("sharedAt", at).executeUpdate() == 1;
    }

    /** @return true when this call revealed the night (both had shared); false when it was revealed before */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean recordReveal(UUID pairId, LocalDate night, Instant at) {
        return em.createNativeQuery("""
                        insert into ritual_reveal (pair_id, night, revealed_at) values (:pairId, :night, :revealedAt)
                        on conflict do nothing""")
                .setParameter("pairId", pairId).setParameter("night", night).setParameter("revealedAt", at).executeUpdate() == 1;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isRevealed(UUID pairId, LocalDate night) {
        return !em.createNativeQuery("select 1 from ritual_reveal where pair_id = :pairId and night = :night")
                .setParameter("pairId", pairId).setParameter("night", night).getResultList().isEmpty();
    }

    /**
     * Erasure: every ritual row of the person (their side of each partnership, invitations, shares,
     * attempt budget) and the reveals of their partnerships (unreadable to anyone once a pair ended).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseRitualRowsOf(String userId) {
        em.createNativeQuery("delete from ritual_reveal where pair_id in (select pair_id from ritual_partner where user_id = :userId)")
                .setParameter("userId", userId).executeUpdate();
        for (String table : new String[]{"ritual_partner", "ritual_invitation", "ritual_share", "invitation_attempt_allowance"}) {
            em.createNativeQuery("delete from " + table + " where user_id = :userId").setParameter("userId", userId).executeUpdate();
        }
    }
}
