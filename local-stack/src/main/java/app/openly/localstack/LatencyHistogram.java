package app.openly.localstack;

import org.HdrHistogram.Histogram;

/**
 * Latencies in microseconds, up to one hour at 3 significant digits (HdrHistogram), safe to record from many threads.
 * Counts what could not be measured (an error, or an entry never seen) separately, so a percentile is never
 * flattered by leaving the slow ones out silently.
 */
final class LatencyHistogram {

    private static final long ONE_HOUR_MICROS = 3_600_000_000L;

    private final Histogram histogram = new Histogram(ONE_HOUR_MICROS, 3);
    private long missing;

    synchronized void recordMicros(long micros) {
        histogram.recordValue(Math.max(0, Math.min(micros, ONE_HOUR_MICROS)));
    }

    synchronized void recordNanos(long nanos) {
        recordMicros(nanos / 1000);
    }

    synchronized void recordMissing() {
        missing++;
    }

    synchronized long count() {
        return histogram.getTotalCount();
    }

    synchronized long missing() {
        return missing;
    }

    /** The latency at percentile {@code p} (0-100) in milliseconds, or NaN when nothing was recorded. */
    synchronized double percentileMillis(double p) {
        if (histogram.getTotalCount() == 0) {
            return Double.NaN;
        }
        return histogram.getValueAtPercentile(p) / 1000.0;
    }

    synchronized double maxMillis() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
    }

    /** "p50 12.3 ms  p99 45.6 ms  max 78.9 ms  (n=1000, 2 missing)". */
    synchronized String summary() {
        return String.format("p50 %8.1f ms   p99 %8.1f ms   max %8.1f ms   (n=%d%s)", percentileMillis(50), percentileMillis(99), maxMillis(),
                count(), missing == 0 ? "" : ", " + missing + " not measured");
    }
}
