package app.openly.platform.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How the platform's consumers (the shared entry-events consumer and every fact consumer through
 * {@link FactRecords}) wait for a dependency that is away.
 */
@ConfigMapping(prefix = "openly.consumers.retry")
public interface ConsumerRetryConfig {

    /** First wait after a transient failure; each further failure doubles it up to {@link #maxBackoff()}. */
    @WithDefault("100ms")
    Duration initialBackoff();

    /** Longest wait between two attempts: also the longest a consumer lags behind a dependency's return. */
    @WithDefault("2s")
    Duration maxBackoff();

    /** Attempts of a record failing for an unexpected reason while the database answers, before it is dead-lettered. */
    @WithDefault("5")
    int unexpectedAttempts();
}
