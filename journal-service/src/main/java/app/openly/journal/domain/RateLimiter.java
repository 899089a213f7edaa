package app.openly.journal.domain;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per person for writes. Per instance: with N replicas a person gets at most N times
 * the rate, which is still a ceiling against runaway clients. Pure Java, driven by the injected clock.
 */
public final class RateLimiter {

    private final Clock clock;
    private final int perMinute;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    public RateLimiter(Clock clock, int perMinute) {
        this.clock = clock;
        this.perMinute = perMinute;
    }

    /** Takes one token; returns {@link Duration#ZERO} if allowed, otherwise how long to wait. */
    public Duration tryAcquire(String userId) {
        long now = clock.millis() * 1_000_000L;
        double refillPerNano = perMinute / 60e9;
        Bucket bucket = buckets.computeIfAbsent(userId, k -> {
            Bucket b = new Bucket();
            b.tokens = perMinute;
            b.lastNanos = now;
            return b;
        });
        synchronized (bucket) {
            bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.lastNanos) * refillPerNano);
            bucket.lastNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / refillPerNano));
        }
    }

    /** Forgets idle buckets (full ones carry no information). */
    public void evictFull() {
        long now = clock.millis() * 1_000_000L;
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().tokens + (now - e.getValue().lastNanos) * (perMinute / 60e9) >= perMinute;
            }
        });
    }
}
