package app.openly.insights.domain.logic;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mechanism's distribution against its definition, P(z) = (1 − α)/(1 + α) · α^|z| with α = exp(−1/scale):
 * P(0) = tanh(1/(2·scale)), E|z| = 2α/(1 − α²), Var z = 2α/(1 − α)². A seeded generator here only: the
 * service draws from SecureRandom.
 */
class DiscreteLaplaceTest {

    private static final int N = 200_000;

    @Test
    void scaleTwoMatchesTheDefinition() {
        var mechanism = new DiscreteLaplace(new Random(20261201L));
        double alpha = Math.exp(-0.5);
        long zeros = 0;
        long ones = 0;
        long minusOnes = 0;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < N; i++) {
            long z = mechanism.sample(2, 1);
            zeros += z == 0 ? 1 : 0;
            ones += z == 1 ? 1 : 0;
            minusOnes += z == -1 ? 1 : 0;
            sum += z;
            squares += (double) z * z;
        }
        assertEquals(Math.tanh(0.25), (double) zeros / N, 0.005, "P(0)");
        assertEquals(alpha, (double) ones / zeros, 0.02, "P(1)/P(0) = α");
        assertEquals(1.0, (double) ones / minusOnes, 0.04, "symmetric");
        assertEquals(0.0, sum / N, 0.04, "no bias");
        assertEquals(2 * alpha / Math.pow(1 - alpha, 2), squares / N, 0.25, "variance");
    }

    @Test
    void fractionalAndLargeScalesMatchTheirMeanAbsoluteNoise() {
        var mechanism = new DiscreteLaplace(new Random(7L));
        for (long[] scale : new long[][]{{3, 2}, {250, 1}, {1000, 3}}) {
            double b = (double) scale[0] / scale[1];
            double alpha = Math.exp(-1 / b);
            double expected = 2 * alpha / (1 - alpha * alpha);
            double total = 0;
            int n = 50_000;
            for (int i = 0; i < n; i++) {
                total += Math.abs(mechanism.sample(scale[0], scale[1]));
            }
            assertEquals(expected, total / n, expected * 0.03, "E|z| at scale " + b);
        }
    }

    @Test
    void theBernoulliCoinIsExact() {
        var mechanism = new DiscreteLaplace(new Random(11L));
        for (long[] gamma : new long[][]{{0, 1}, {1, 3}, {1, 1}, {5, 2}}) {
            int heads = 0;
            for (int i = 0; i < N; i++) {
                heads += mechanism.bernoulliExp(gamma[0], gamma[1]) ? 1 : 0;
            }
            assertEquals(Math.exp(-(double) gamma[0] / gamma[1]), (double) heads / N, 0.005, gamma[0] + "/" + gamma[1]);
        }
    }

    @Test
    void theServiceSourceIsSecureRandomAndTheScaleMustBePositive() {
        var mechanism = new DiscreteLaplace(new SecureRandom());
        long distinct = java.util.stream.LongStream.range(0, 1000).map(i -> mechanism.sample(5, 1)).distinct().count();
        assertTrue(distinct > 10, "noise varies");
        assertThrows(IllegalArgumentException.class, () -> mechanism.sample(0, 1));
        assertThrows(IllegalArgumentException.class, () -> mechanism.sample(1, 0));
    }
}
