package app.openly.platform.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the shared entry-events consumer waits for a dependency that is away. */
@ConfigMapping(prefix = "openly.entry-events.retry")
public interface EntryEventsRetryConfig {

    /** First wait after a transient failure; each further failure doubles it up to {@link #maxBackoff()}. */
    @WithDefault("100ms")
    Duration initialBackoff();

    /** Longest wait between two attempts: also the longest the consumer lags behind a dependency's return. */
    @WithDefault("2s")
    Duration maxBackoff();

    /** Attempts of a record failing for an unexpected reason while the database answers, before it is dead-lettered. */
    @WithDefault("5")
    int unexpectedAttempts();
}
