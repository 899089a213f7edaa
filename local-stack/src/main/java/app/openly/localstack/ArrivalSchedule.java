package app.openly.localstack;

import java.time.Duration;

/**
 * When each request of an open-loop run is meant to be sent: request {@code i} at {@code start + i / rate}, whatever
 * happened to the requests before it. Latency is measured from this intended time, not from when a busy sender got
 * round to it, so a server that stalls is charged for every request that waited behind the stall (no coordinated
 * omission).
 */
record ArrivalSchedule(double perSecond, Duration duration) {

    ArrivalSchedule {
        if (!(perSecond > 0) || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("an open-loop run needs a positive rate and duration, got " + perSecond + "/s for " + duration);
        }
    }

    /** How many requests the run sends: every intended time strictly inside the duration. */
    long count() {
        return (long) Math.ceil(perSecond * duration.toNanos() / 1e9);
    }

    /** Nanoseconds after the start at which request {@code i} is meant to be sent. */
    long offsetNanos(long i) {
        if (i < 0 || i >= count()) {
            throw new IndexOutOfBoundsException("request " + i + " of " + count());
        }
        return Math.round(i * 1e9 / perSecond);
    }
}
