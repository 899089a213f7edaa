package app.openly.platform.messaging;

import java.time.Duration;

/** Retry settings for unit tests of the consumers: milliseconds instead of seconds, so a test of many attempts is quick. */
final class FastRetries {

    private FastRetries() {
    }

    static ConsumerRetryConfig of(long initialMillis, long maxMillis, int unexpectedAttempts) {
        return new ConsumerRetryConfig() {
            @Override
            public Duration initialBackoff() {
                return Duration.ofMillis(initialMillis);
            }

            @Override
            public Duration maxBackoff() {
                return Duration.ofMillis(maxMillis);
            }

            @Override
            public int unexpectedAttempts() {
                return unexpectedAttempts;
            }
        };
    }
}
