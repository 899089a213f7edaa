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

    Rituals rituals();

    interface RateLimit {
        /** Writes (create, edit, delete) a person may make per minute; bursts up to this many. */
        @WithDefault("60")
        int writesPerMinute();
    }

    interface Rituals {
        /** How long an invitation code pairs. */
        @WithDefault("PT24H")
        Duration invitationValidFor();

        /** The link form of a code is this followed by the code (the app opens it). */
        @WithDefault("https://openly.app/rituals/join/")
        String invitationLinkBase();

        /** Attempts at accepting a code one person may make per {@link #attemptsPeriod()} (guessing is slow). */
        @WithDefault("10")
        int attemptsPerPerson();

        /** Attempts at accepting a code everyone together may make per {@link #attemptsPeriod()} (many accounts guessing). */
        @WithDefault("1000")
        int attemptsGlobally();

        @WithDefault("PT1H")
        Duration attemptsPeriod();
    }
}
