package app.openly.journal.domain.ritual;

import app.openly.journal.config.JournalConfig;
import app.openly.journal.domain.JournalException;
import app.openly.journal.domain.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;

/**
 * Slows guessing of invitation codes: every attempt at accepting one spends a token of the person's
 * bucket and of everyone's bucket (kept in PostgreSQL, so every replica spends the same ones).
 */
@ApplicationScoped
public class InvitationAttempts {

    @Inject
    InvitationAttemptStore store;
    @Inject
    JournalConfig config;
    @Inject
    Clock clock;

    /**
     * Spends one attempt in its own transaction (a refused or failed accept still counts), or throws
     * {@link JournalException.InvitationAttemptsExhausted}.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void spend(String userId) {
        var limits = config.rituals();
        Instant now = clock.instant();
        // Global first: every attempt locks that row, so the personal rows are never locked in another order.
        var global = RateLimiter.take(store.lockGlobal(new RateLimiter.Bucket(limits.attemptsGlobally(), now)), now,
                limits.attemptsGlobally(), limits.attemptsPeriod());
        var personal = RateLimiter.take(store.lockPersonal(userId, new RateLimiter.Bucket(limits.attemptsPerPerson(), now)), now,
                limits.attemptsPerPerson(), limits.attemptsPeriod());
        if (!personal.allowed()) {
            throw new JournalException.InvitationAttemptsExhausted(personal.retryAfter());
        }
        if (!global.allowed()) {
            throw new JournalException.InvitationAttemptsExhausted(global.retryAfter());
        }
        store.saveGlobal(global.after());
        store.savePersonal(userId, personal.after());
    }
}
