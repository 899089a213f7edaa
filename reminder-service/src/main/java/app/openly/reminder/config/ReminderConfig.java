package app.openly.reminder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How reminder-service plans and sends. Defaults run locally. */
@ConfigMapping(prefix = "openly.reminders")
public interface ReminderConfig {

    /** How many local days ahead the schedule is kept (today included). */
    @WithDefault("2")
    int planDays();

    /** At most this many due reminders (or people to re-plan) are taken in one transaction. */
    @WithDefault("500")
    int batchSize();

    /** A reminder counts as helpful when the practice is recorded within this time after it. */
    @WithDefault("PT2H")
    Duration helpfulWithin();

    /** How often each replica scans for due reminders and people to re-plan ({@code off} disables it). */
    @WithDefault("15s")
    String scanEvery();

    /** The first scan waits this long after start. */
    @WithDefault("5s")
    String scanDelay();

    /** How many recent entries of a practice the learned time is taken from. */
    @WithDefault("20")
    int recentSamples();
}
