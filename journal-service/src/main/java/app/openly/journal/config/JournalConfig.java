package app.openly.journal.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "openly.journal")
public interface JournalConfig {

    RateLimit rateLimit();

    /** How far in the future a device clock may put occurredAt. */
    @WithDefault("P1D")
    Duration maxFutureSkew();

    interface RateLimit {
        /** Writes (create, edit, delete) a person may make per minute; bursts up to this many. */
        @WithDefault("60")
        int writesPerMinute();
    }
}
