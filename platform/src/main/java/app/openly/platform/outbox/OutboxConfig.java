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
     * The shortest time between two rounds of the relay while commits keep waking it: a commit after a quiet spell goes
     * out at once, one during or right after a round waits until this much after that round began and goes out with
     * every other commit of the meantime (one lock, one delete-returning, one broker flush, one commit for all of them).
     * Adds at most this much to an event's delay. 10 ms: at 250-500 entries/s rounds carry several events instead of
     * one or two, which cuts the relay's statements, produce requests and the consumers' fetches per entry (issue 17,
     * measured in the loadgen note); 0 starts a round for every wake-up.
     */
    @WithDefault("10ms")
    Duration linger();

    /** How often the relay tries again while its database is away: bounds how late publication resumes after it returns. */
    @WithDefault("100ms")
    Duration databaseRetryInterval();

    /** How long a send may wait for the broker before the batch is retried later. */
    @WithDefault("10s")
    Duration sendTimeout();
}
