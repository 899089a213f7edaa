package app.openly.insights.domain.logic;

import java.util.random.RandomGenerator;

/**
 * The discrete Laplace (two-sided geometric) mechanism: noise {@code z} on the integers with
 * {@code P(z) ∝ exp(−|z| / scale)}, where {@code scale = Δ/ε} for a figure whose value one person can move
 * by at most Δ. Adding it to an integer count or clamped integer sum gives ε-differential privacy.
 * <p>
 * Sampled exactly with integer arithmetic only (Canonne, Kamath, Steinke, "The Discrete Gaussian for
 * Differential Privacy", 2020, algorithms 1 and 2): no floating point anywhere, so none of the textbook
 * Laplace's floating-point leaks (Mironov, CCS 2012). The randomness comes from the caller:
 * {@code SecureRandom} in the service, a seeded generator in tests only.
 */
public final class DiscreteLaplace {

    private final RandomGenerator random;

    public DiscreteLaplace(RandomGenerator random) {
        this.random = random;
    }

    /** Noise of scale {@code scaleNumerator / scaleDenominator} (both ≥ 1). */
    public long sample(long scaleNumerator, long scaleDenominator) {
        if (scaleNumerator < 1 || scaleDenominator < 1) {
            throw new IllegalArgumentException("the scale's numerator and denominator must be at least 1");
        }
        long t = scaleNumerator;
        long s = scaleDenominator;
        while (true) {
            long u = random.nextLong(t);
            if (!bernoulliExp(u, t)) {
                continue;
            }
            long v = 0;
            while (bernoulliExp(1, 1)) {
                v++;
            }
            long x = u + t * v;      // geometric with parameter exp(−1/t)
            long y = x / s;          // geometric with parameter exp(−s/t)
            boolean negative = random.nextBoolean();
            if (negative && y == 0) {
                continue;            // zero would otherwise be drawn twice as often
            }
            return negative ? -y : y;
        }
    }

    /** A coin that shows true with probability exp(−n/d), for n ≥ 0, d ≥ 1 (exact). */
    boolean bernoulliExp(long n, long d) {
        long whole = n / d;
        for (long i = 0; i < whole; i++) {
            if (!bernoulliExpAtMostOne(1, 1)) {
                return false;
            }
        }
        return bernoulliExpAtMostOne(n - whole * d, d);
    }

    /** exp(−γ) for γ = n/d in [0, 1]: the K at which a Bernoulli(γ/K) first fails is odd with that probability. */
    private boolean bernoulliExpAtMostOne(long n, long d) {
        long k = 1;
        while (random.nextLong(d * k) < n) {
            k++;
        }
        return k % 2 == 1;
    }
}
