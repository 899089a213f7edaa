package app.openly.journal.domain.ritual;

import app.openly.journal.domain.RateLimiter;
import app.openly.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * The token buckets of attempts at invitation codes: one per person, one for everyone. Native SQL:
 * the global bucket is one row every accepting person writes, so each bucket is created with ON
 * CONFLICT DO NOTHING and then read FOR UPDATE (a plain read-then-write would lose concurrent attempts).
 */
@ApplicationScoped
public class InvitationAttemptStore {

    static final String EVERYONE = "everyone";

    @Inject
    EntityManager em;

    /** The person's bucket (created as {@code full} the first time), locked until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public RateLimiter.Bucket lockPersonal(String userId, RateLimiter.Bucket full) {
        em.createNativeQuery("""
                        insert into invitation_attempt_allowance (user_id, tokens, refilled_at) values (:userId, :tokens, :refilledAt)
                        on conflict (user_id) do nothing""")
                .setParameter("userId", userId).setParameter("tokens", full.tokens()).setParameter("refilledAt", full.refilledAt())
                .executeUpdate();
        return bucket(em.createNativeQuery("select tokens, refilled_at from invitation_attempt_allowance where user_id = :userId for update",
                Tuple.class).setParameter("userId", userId).getResultList());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void savePersonal(String userId, RateLimiter.Bucket bucket) {
        em.createNativeQuery("update invitation_attempt_allowance set tokens = :tokens, refilled_at = :refilledAt where user_id = :userId")
                .setParameter("userId", userId).setParameter("tokens", bucket.tokens())
                .setParameter("refilledAt", bucket.refilledAt()).executeUpdate();
    }

    /** Everyone's bucket (created as {@code full} the first time), locked until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public RateLimiter.Bucket lockGlobal(RateLimiter.Bucket full) {
        em.createNativeQuery("""
                        insert into invitation_attempt_global_allowance (scope, tokens, refilled_at) values (:scope, :tokens, :refilledAt)
                        on conflict (scope) do nothing""")
                .setParameter("scope", EVERYONE).setParameter("tokens", full.tokens()).setParameter("refilledAt", full.refilledAt())
                .executeUpdate();
        return bucket(em.createNativeQuery("select tokens, refilled_at from invitation_attempt_global_allowance where scope = :scope for update",
                Tuple.class).setParameter("scope", EVERYONE).getResultList());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void saveGlobal(RateLimiter.Bucket bucket) {
        em.createNativeQuery("update invitation_attempt_global_allowance set tokens = :tokens, refilled_at = :refilledAt where scope = :scope")
                .setParameter("scope", EVERYONE).setParameter("tokens", bucket.tokens())
                .setParameter("refilledAt", bucket.refilledAt()).executeUpdate();
    }

    private static RateLimiter.Bucket bucket(List<?> rows) {
        Tuple row = (Tuple) rows.get(0);
        return new RateLimiter.Bucket(((Number) row.get("tokens")).doubleValue(), Rows.instant(row.get("refilled_at")));
    }
}
