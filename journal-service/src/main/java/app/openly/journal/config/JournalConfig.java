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

    IdempotencyKeys idempotencyKeys();

    interface IdempotencyKeys {
        /**
         * How long a POST's Idempotency-Key is remembered; older keys are deleted (IdempotencyKeyRetention) and a
         * request with one records anew. A day covers every retry a client makes (apps retry for minutes; an offline
         * phone resends when it is back, within hours), as payment APIs keep theirs; keeping them forever grew the
         * table and its two indexes by a row per entry, with nothing gained after the retries stop.
         */
        @WithDefault("PT24H")
        Duration keptFor();

        /** Keys deleted per statement (each its own short transaction). */
        @WithDefault("5000")
        int batchSize();

        /** How often a replica deletes (hourly: about an hour's keys per run); "off" in tests, which run it themselves. */
        @WithDefault("1h")
        String every();

        /** The first run this long after start, not beside the start itself (issue 17 goal 5). */
        @WithDefault("60s")
        Duration delay();
    }

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
