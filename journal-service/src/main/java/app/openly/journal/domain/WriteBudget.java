package app.openly.journal.domain;

import app.openly.journal.config.JournalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;

/**
 * Each person's write budget, kept in PostgreSQL so every replica spends the same one (the bucket math
 * is the pure {@link RateLimiter}). Read and written under the person's advisory lock that every
 * write already holds, so a plain read-then-write cannot race.
 */
@ApplicationScoped
public class WriteBudget {

    @Inject
    JournalConfig config;
    /** The row as plain JDBC (read, then one upsert): see EntryWriteStore for why not the WriteAllowance entity. */
    @Inject
    EntryWriteStore store;

    /**
     * Spends one write, or throws {@link JournalException.WriteBudgetExhausted}: the caller's
     * transaction then rolls back, so nothing is written and nothing is spent. Call under the person's lock, inside the
     * write's transaction: the store refuses its statements outside one (no interceptor here, see EntryWriteStore).
     */
    public void spend(String userId, Instant now) {
        EntryWriteStore.StoredBudget after = take(store.findWriteAllowance(userId), now);
        store.saveWriteAllowance(userId, after.tokens(), after.refilledAt());
    }

    /**
     * {@link #spend} without its write, on the budget as read under the person's lock ({@link EntryWriteStore#lockAndRead}):
     * decides (or throws as spend does) and returns the budget as this write leaves it, for the caller to store with its
     * own rows in the same transaction (a new entry's writes go in one round trip, {@link EntryWriteStore#writeNewEntry}).
     */
    public EntryWriteStore.StoredBudget take(Optional<EntryWriteStore.StoredBudget> stored, Instant now) {
        RateLimiter.Bucket bucket = stored.map(b -> new RateLimiter.Bucket(b.tokens(), b.refilledAt())).orElse(null);
        var decision = RateLimiter.take(bucket, now, config.rateLimit().writesPerMinute());
        if (!decision.allowed()) {
            throw new JournalException.WriteBudgetExhausted(decision.retryAfter());
        }
        return new EntryWriteStore.StoredBudget(decision.after().tokens(), decision.after().refilledAt());
    }
}
