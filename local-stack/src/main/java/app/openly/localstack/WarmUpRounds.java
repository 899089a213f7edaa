package app.openly.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * When a warm-up may stop: after rounds of equal length, once a round's rate no longer climbs by more than
 * {@link #CLIMB} over the round before it, or after {@code maxRounds}. A JVM compiles its hot paths over the first
 * minute of load (on this 2-core box journal spent 2.45 CPU-ms per entry in the first measured run after
 * {@code ./openly up} and 0.71 in the fifth, same code), so a fixed short warm-up measured how far the JIT had got, not
 * the service; the rounds' rates are printed, so the cold figure stays visible. Pure: the bench feeds it rates.
 */
final class WarmUpRounds {

    /** A round at most this much faster than the one before counts as no longer climbing. */
    static final double CLIMB = 0.10;

    private final int maxRounds;
    private final List<Double> rates = new ArrayList<>();

    WarmUpRounds(int maxRounds) {
        if (maxRounds < 2) {
            throw new IllegalArgumentException("at least two rounds are needed to see a rate stop climbing");
        }
        this.maxRounds = maxRounds;
    }

    void add(double perSecond) {
        rates.add(perSecond);
    }

    /** The last round was no more than {@link #CLIMB} faster than the one before it (a slower round counts too). */
    boolean steady() {
        int n = rates.size();
        return n >= 2 && rates.get(n - 1) <= rates.get(n - 2) * (1 + CLIMB);
    }

    /** Steady, or out of rounds. */
    boolean done() {
        return steady() || rates.size() >= maxRounds;
    }

    /** E.g. "304, 498, 880, 951/s: steady (the last round within +10 % of the one before)". */
    String describe() {
        String list = rates.stream().map(r -> String.format("%.0f", r)).collect(Collectors.joining(", ")) + "/s";
        if (steady()) {
            return list + ": steady (the last round within +" + Math.round(CLIMB * 100) + " % of the one before)";
        }
        return list + ": still climbing after " + rates.size() + " rounds (the figures below are of a JVM still warming up)";
    }
}
