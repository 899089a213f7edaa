package app.openly.platform.messaging;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger's default retention outlasts every way Kafka can deliver an event again, as deploy/base/kafka/topics.yaml
 * configures the topics: shortening the retention, or lengthening a topic's, without the other fails here (and in
 * deploy-tests' Invariants.ledgerRetentionViolations for what the deployments set). See {@link LedgerRetentionConfig}.
 */
class LedgerRetentionDefaultTest {

    /** Kafka's default segment.ms (log.roll.hours = 168): a record can outlive retention.ms by this much. */
    static final Duration DEFAULT_SEGMENT_ROLL = Duration.ofDays(7);
    private static final Pattern TOPIC_NAME = Pattern.compile("(?m)^\\s*topicName:\\s*(\\S+)");
    private static final Pattern RETENTION = Pattern.compile("(?m)^\\s*retention\\.ms:\\s*\"?(\\d+)");
    private static final Pattern SEGMENT = Pattern.compile("(?m)^\\s*segment\\.ms:\\s*\"?(\\d+)");

    @Test
    void theDefaultRetentionOutlastsTheLongestRedeliveryTheTopicsAllow() throws Exception {
        Duration retention = DurationConverter.parseDuration(
                LedgerRetentionConfig.class.getMethod("retention").getAnnotation(WithDefault.class).value());
        String topics = Files.readString(Path.of("..", "deploy", "base", "kafka", "topics.yaml"));
        Duration longestMain = Duration.ZERO;
        Duration longestDeadLetter = Duration.ZERO;
        int seen = 0;
        for (String document : topics.split("(?m)^---\\s*$")) {
            Matcher name = TOPIC_NAME.matcher(document);
            Matcher kept = RETENTION.matcher(document);
            if (!name.find() || !kept.find()) {
                continue;
            }
            seen++;
            Matcher segment = SEGMENT.matcher(document);
            Duration life = Duration.ofMillis(Long.parseLong(kept.group(1)))
                    .plus(segment.find() ? Duration.ofMillis(Long.parseLong(segment.group(1))) : DEFAULT_SEGMENT_ROLL);
            if (name.group(1).endsWith(".dlq")) {
                longestDeadLetter = max(longestDeadLetter, life);
            } else {
                longestMain = max(longestMain, life);
            }
        }
        assertTrue(seen >= 2 && !longestMain.isZero() && !longestDeadLetter.isZero(), "topics with retention.ms read: " + seen);
        // The longest way back: dead-lettered as late as its main topic still held it, replayed as late as the
        // dead-letter topic still holds it.
        Duration longestRedelivery = longestMain.plus(longestDeadLetter);
        assertTrue(retention.compareTo(longestRedelivery) > 0, "openly.processed-events.retention defaults to " + retention
                + ", but an event can come again " + longestRedelivery + " after it was processed (topics.yaml)");
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
