package app.openly.platform.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long the consumers' idempotency ledger ({@code processed_event}) keeps a row ({@link LedgerRetention}). */
@ConfigMapping(prefix = "openly.processed-events")
public interface LedgerRetentionConfig {

    /**
     * Rows processed longer ago than this are deleted. A ledger row only matters while its event can still be
     * delivered again, and the longest way back is a dead-letter replay: an event stays on its main topic up to that
     * topic's retention.ms plus a segment roll (Kafka deletes whole segments, and a quiet partition rolls one only after
     * segment.ms, 7 days by default), a lagging consumer may dead-letter it only then, and {@code ./openly dlq replay}
     * may republish it until the dead-letter topic drops it in turn (its retention.ms plus a roll). With
     * deploy/base/kafka/topics.yaml that is (7 + 7) + (14 + 7) = 35 days; 42 keeps a week of margin (a replay run late,
     * clock skew). Every other redelivery (a consumer restarted, stopped for a week, offsets reset to earliest) reads
     * records of the main topic only, which are younger. A row costs ~70 bytes, so each extra day of margin costs a
     * day's worth of events per consumer. Checked against the topics by LedgerRetentionDefaultTest (platform) and
     * Invariants.ledgerRetentionViolations (deploy-tests): shortening one without the other fails CI.
     */
    @WithDefault("42d")
    Duration retention();

    /**
     * Rows deleted per statement (each its own short transaction): a run after a long pause, or the first run on a
     * ledger that grew for months, never holds a huge transaction or its row locks for long.
     */
    @WithDefault("5000")
    int batchSize();

    /**
     * How often a replica runs the job ("off" in tests, which run it themselves). Hourly: a run deletes about an hour's
     * worth of events, a few statements. (@Scheduled reads the property itself; its default there is the same.)
     */
    @WithDefault("1h")
    String every();

    /** The first run this long after start: not beside the start itself (issue 17 goal 5), like the other jobs. */
    @WithDefault("60s")
    Duration delay();
}
