package app.openly.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "openly.outbox")
public interface OutboxConfig {

    /** Whether this instance runs the relay (all replicas may; only one publishes at a time). */
    @WithDefault("true")
    boolean relayEnabled();

    /** Rows published per round trip. */
    @WithDefault("200")
    int batchSize();

    /** How often the relay looks for rows when nobody woke it (commits in this instance wake it at once). */
    @WithDefault("500ms")
    Duration pollInterval();

    /**
     * How long the relay waits after a commit woke it before it reads the outbox: commits arriving meanwhile go out in
     * the same round (one select, one broker flush, one delete and commit for all of them) instead of a round each.
     * Adds at most this much to an event's delay; 0 (the default) publishes at once. Off until a before/after
     * measurement of the relay under load shows it pays (issue 17: not measured yet).
     */
    @WithDefault("0ms")
    Duration linger();

    /** How often the relay tries again while its database is away: bounds how late publication resumes after it returns. */
    @WithDefault("100ms")
    Duration databaseRetryInterval();

    /** How long a send may wait for the broker before the batch is retried later. */
    @WithDefault("10s")
    Duration sendTimeout();
}
