package app.openly.platform.security;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens whose signature and claims were already verified, by their exact text, until their {@code exp}: a person sends
 * the same token with every request for its whole life, and verifying its RS256 signature each time was the largest
 * single item of journal's CPU (issue 17). Bounded: beyond {@code capacity} the least recently used goes.
 * <p>
 * Never serves a token at or after its {@code exp} (stricter than the verifier, which allows clock skew), and caches
 * only what the verifier accepted, so a refused token is verified (and refused) again each time.
 *
 * @param <T> what verifying a token produced (the parsed token)
 */
public final class VerifiedTokens<T> {

    private final int capacity;
    private final Map<String, Verified<T>> byToken;

    private record Verified<T>(T token, Instant expiresAt) {
    }

    public VerifiedTokens(int capacity) {
        this.capacity = capacity;
        this.byToken = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verified<T>> eldest) {
                return size() > VerifiedTokens.this.capacity;
            }
        };
    }

    /** The verified token for exactly this text, if it was verified before and {@code now} is before its exp. */
    public synchronized T find(String rawToken, Instant now) {
        Verified<T> hit = byToken.get(rawToken);
        if (hit == null) {
            return null;
        }
        if (!now.isBefore(hit.expiresAt())) {
            byToken.remove(rawToken);
            return null;
        }
        return hit.token();
    }

    /** Remembers a token the verifier accepted, until {@code expiresAt} (not at all when that has passed, or when disabled). */
    public synchronized void remember(String rawToken, T verified, Instant expiresAt, Instant now) {
        if (capacity > 0 && now.isBefore(expiresAt)) {
            byToken.put(rawToken, new Verified<>(verified, expiresAt));
        }
    }

    public synchronized int size() {
        return byToken.size();
    }
}
