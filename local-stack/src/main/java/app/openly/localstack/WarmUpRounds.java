package app.openly.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * When a warm-up may stop: after rounds of equal length, once a round's rate no longer climbs by more than
 * {@link #CLIMB} over the round before it and, where the JVMs' JIT can be read ({@link JitCompileTime}), none of them
 * compiled for more than {@link #JIT_QUIET_SHARE} of the round; or after {@code maxRounds}. On this 2-core box the
 * stack's JVMs keep compiling for minutes after a start while the load saturates the cores, and the rate climbs in
 * steps with plateaus between them (139, 270, 394, 359, 385/s… and
 * 1,166/s 28 rounds later, same code): the rate
 * alone stops too early. Every round is printed, so the cold figures stay in the output. Pure: the bench feeds it.
 */
final class WarmUpRounds {

    /** A round at most this much faster than the one before counts as no longer climbing. */
    static final double CLIMB = 0.10;
    /**
     * A JVM that compiled for less than this share of a round has compiled its hot paths. Measured after a start
     * (2 cores, 32 clients): the busiest JVM compiled 10-17 s per 10 s round for the first ~19 rounds (a compiler
     * thread busy throughout), then 0.7-2.8 s per round for as long as it was watched (recompilation goes on).
     */
    static final double JIT_QUIET_SHARE = 0.2;

    private record Round(double perSecond, double jitSeconds) {
    }

    private final int maxRounds;
    private final double roundSeconds;
    private final List<Round> rounds = new ArrayList<>();

    WarmUpRounds(int maxRounds, Duration round) {
        if (maxRounds < 2) {
            throw new IllegalArgumentException("at least two rounds are needed to see a rate stop climbing");
        }
        this.maxRounds = maxRounds;
        this.roundSeconds = round.toMillis() / 1000.0;
    }

    /**
     * A round: its rate and the most any measured JVM compiled during it, in seconds; NaN when that could not be read
     * (no perf data), and the rate decides alone.
     */
    void add(double perSecond, double jitSeconds) {
        rounds.add(new Round(perSecond, jitSeconds));
    }

    /** The last round was no more than {@link #CLIMB} faster than the one before it and its JIT was quiet. */
    boolean steady() {
        int n = rounds.size();
        if (n < 2) {
            return false;
        }
        Round last = rounds.get(n - 1);
        boolean levelled = last.perSecond() <= rounds.get(n - 2).perSecond() * (1 + CLIMB);
        return levelled && (Double.isNaN(last.jitSeconds()) || last.jitSeconds() < jitQuietSeconds());
    }

    /** Steady, or out of rounds. */
    boolean done() {
        return steady() || rounds.size() >= maxRounds;
    }

    private double jitQuietSeconds() {
        return JIT_QUIET_SHARE * roundSeconds;
    }

    /** E.g. "132/s (JIT 6.1 s), 280/s (JIT 4.0 s), …, 1061/s (JIT 0.2 s): steady (…)". */
    String describe() {
        String list = rounds.stream()
                .map(r -> String.format("%.0f/s", r.perSecond()) + (Double.isNaN(r.jitSeconds()) ? "" : String.format(" (JIT %.1f s)", r.jitSeconds())))
                .collect(Collectors.joining(", "));
        boolean jitRead = !rounds.isEmpty() && !Double.isNaN(rounds.get(rounds.size() - 1).jitSeconds());
        String rule = "the rate within +" + Math.round(CLIMB * 100) + " % of the round before"
                + (jitRead ? String.format(", no JVM compiling %.2f s or more of the %.0f s", jitQuietSeconds(), roundSeconds) : "");
        if (steady()) {
            return list + ": steady (" + rule + ")";
        }
        return list + ": still warming after " + rounds.size() + " rounds (not yet " + rule + "; the figures below are of JVMs still warming up)";
    }
}
