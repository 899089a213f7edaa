package app.openly.journal.domain;

import app.openly.journal.config.JournalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * Each person's write budget, kept in PostgreSQL so every replica spends the same one (the bucket math
 * is the pure {@link RateLimiter}). Read and written under the person's advisory lock that every
 * write already holds, so a plain read-then-write cannot race.
 */
@ApplicationScoped
public class WriteBudget {

    @Inject
    JournalConfig config;

    /**
     * Spends one write, or throws {@link JournalException.WriteBudgetExhausted}: the caller's
     * transaction then rolls back, so nothing is written and nothing is spent. Call under the person's lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void spend(String userId, Instant now) {
        WriteAllowance allowance = WriteAllowance.findById(userId);
        RateLimiter.Bucket bucket = allowance == null ? null : new RateLimiter.Bucket(allowance.tokens, allowance.refilledAt);
        var decision = RateLimiter.take(bucket, now, config.rateLimit().writesPerMinute());
        if (!decision.allowed()) {
            throw new JournalException.WriteBudgetExhausted(decision.retryAfter());
        }
        boolean first = allowance == null;
        if (first) {
            allowance = new WriteAllowance();
            allowance.userId = userId;
        }
        allowance.tokens = decision.after().tokens();
        allowance.refilledAt = decision.after().refilledAt();
        if (first) {
            allowance.persist(); // after its fields: the insert is built from the state at persist time
        }
    }
}
