package app.openly.insights;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Map;

/** {@link EntryEventsPacedBench} with Kafka's default fetch settings (the broker answers at the first record): the "before" of the channel's fetch.min.bytes / fetch.max.wait.ms. */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
@TestProfile(EntryEventsPacedKafkaDefaultsBench.KafkaDefaults.class)
class EntryEventsPacedKafkaDefaultsBench extends EntryEventsPacedBench {

    public static class KafkaDefaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.entry-events.fetch.min.bytes", "1",
                    "mp.messaging.incoming.entry-events.fetch.max.wait.ms", "500");
        }
    }

    @Override
    String label() {
        return "insights-service paced, Kafka's default fetch";
    }
}
