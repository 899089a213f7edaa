package app.openly.journal.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A person's write budget as a token bucket: up to {@code perMinute} writes at once, refilled at
 * {@code perMinute} a minute. Pure: the bucket's state is stored by the caller (in PostgreSQL, so every
 * replica spends the same budget).
 */
public final class RateLimiter {

    private RateLimiter() {
    }

    /** Tokens left and when they were last counted. */
    public record Bucket(double tokens, Instant refilledAt) {
    }

    /** The bucket after this attempt, and how long to wait when it was refused ({@link Duration#ZERO} when allowed). */
    public record Decision(Bucket after, Duration retryAfter) {
        public boolean allowed() {
            return retryAfter.isZero();
        }
    }

    /** Takes one token from {@code bucket} (null: a person who never wrote has a full one). */
    public static Decision take(Bucket bucket, Instant now, int perMinute) {
        return take(bucket, now, perMinute, Duration.ofMinutes(1));
    }

    /**
     * Takes one token from a bucket of {@code capacity} tokens refilled at {@code capacity} per
     * {@code refillPeriod} (null: a full one).
     */
    public static Decision take(Bucket bucket, Instant now, int capacity, Duration refillPeriod) {
        double perNano = capacity / (double) refillPeriod.toNanos();
        double tokens = capacity;
        Instant counted = now;
        if (bucket != null) {
            // A clock a little behind another replica's never takes tokens back.
            long elapsed = Math.max(0, Duration.between(bucket.refilledAt(), now).toNanos());
            tokens = Math.min(capacity, bucket.tokens() + elapsed * perNano);
            counted = now.isAfter(bucket.refilledAt()) ? now : bucket.refilledAt();
        }
        if (tokens >= 1) {
            return new Decision(new Bucket(tokens - 1, counted), Duration.ZERO);
        }
        return new Decision(new Bucket(tokens, counted), Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano)));
    }
}
