package app.openly.reminder.domain.logic;

import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * When a person actually practises, as a decayed circular mean of local times: newer entries weigh more,
 * and times are points on a 24-hour circle, so 23:50 and 00:10 average to midnight, not noon.
 */
public final class LearnedTime {

    /** Weight of each older entry relative to the next newer one. */
    static final double DECAY = 0.8;
    /** Fewer entries than this teach nothing yet. */
    public static final int MIN_SAMPLES = 3;
    private static final int MINUTES_PER_DAY = 24 * 60;

    private LearnedTime() {
    }

    /** @param newestFirst local times of recent entries, newest first */
    public static Optional<LocalTime> of(List<LocalTime> newestFirst) {
        if (newestFirst.size() < MIN_SAMPLES) {
            return Optional.empty();
        }
        double sin = 0;
        double cos = 0;
        double weight = 1;
        for (LocalTime t : newestFirst) {
            double angle = 2 * Math.PI * (t.toSecondOfDay() / 60.0) / MINUTES_PER_DAY;
            sin += weight * Math.sin(angle);
            cos += weight * Math.cos(angle);
            weight *= DECAY;
        }
        if (Math.hypot(sin, cos) < 1e-9) {
            return Optional.empty(); // times spread evenly round the clock: no habit to follow
        }
        double angle = Math.atan2(sin, cos);
        long minutes = Math.round((angle < 0 ? angle + 2 * Math.PI : angle) / (2 * Math.PI) * MINUTES_PER_DAY) % MINUTES_PER_DAY;
        // Round to 5 minutes: a person-facing time, not a measurement.
        minutes = (Math.round(minutes / 5.0) * 5) % MINUTES_PER_DAY;
        return Optional.of(LocalTime.of((int) (minutes / 60), (int) (minutes % 60)));
    }
}
