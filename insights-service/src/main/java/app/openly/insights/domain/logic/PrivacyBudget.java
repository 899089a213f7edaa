package app.openly.insights.domain.logic;

import java.math.BigDecimal;

/**
 * The ε an organization's published week spends, split over its figures by sequential composition: the
 * shares below add up to the whole ε, so the week as a whole is ε-differentially private with respect to
 * any one person joining or leaving it. Kept as a fraction so the noise scale is exact.
 */
public record PrivacyBudget(long epsilonNumerator, long epsilonDenominator) {

    /** The share of the week's ε each figure spends, in twentieths (they add up to 20). */
    public enum Share {
        PARTICIPANTS(3), SESSIONS(2), PRACTICE_MIX(4), INTENSITY_PEOPLE(1), INTENSITY_CHANGE(2), CALM_PEOPLE(1), CALM_CHANGE(2), THEMES(5);

        final int twentieths;

        Share(int twentieths) {
            this.twentieths = twentieths;
        }
    }

    public PrivacyBudget {
        if (epsilonNumerator < 1 || epsilonDenominator < 1) {
            throw new IllegalArgumentException("ε must be positive");
        }
    }

    /** ε from its decimal form ("2", "0.5"); at most 6 decimals. */
    public static PrivacyBudget of(BigDecimal epsilon) {
        BigDecimal e = epsilon.stripTrailingZeros();
        if (e.signum() <= 0 || e.scale() > 6 || e.compareTo(BigDecimal.valueOf(1000)) > 0) {
            throw new IllegalArgumentException("ε must be a positive number up to 1000 with at most 6 decimals");
        }
        int scale = Math.max(0, e.scale());
        return new PrivacyBudget(e.movePointRight(scale).longValueExact(), BigDecimal.TEN.pow(scale).longValueExact());
    }

    public BigDecimal epsilon() {
        return new BigDecimal(BigDecimal.valueOf(epsilonNumerator).divide(BigDecimal.valueOf(epsilonDenominator), java.math.MathContext.DECIMAL64)
                .stripTrailingZeros().toPlainString());
    }

    /** Noise for a figure one person moves by at most {@code sensitivity}: scale = Δ / (ε · share). */
    public long noise(DiscreteLaplace mechanism, Share share, long sensitivity) {
        long numerator = sensitivity * 20 * epsilonDenominator;
        long denominator = epsilonNumerator * share.twentieths;
        return mechanism.sample(numerator, denominator);
    }

    /** The scale of that noise, for documentation and tests. */
    public double scale(Share share, long sensitivity) {
        return (double) sensitivity * 20 * epsilonDenominator / ((double) epsilonNumerator * share.twentieths);
    }

    static {
        int total = 0;
        for (Share s : Share.values()) {
            total += s.twentieths;
        }
        if (total != 20) {
            throw new ExceptionInInitializerError("the shares of ε must add up to the whole");
        }
    }
}
