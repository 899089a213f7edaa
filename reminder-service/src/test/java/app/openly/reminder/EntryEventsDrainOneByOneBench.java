package app.openly.reminder;

import app.openly.testsupport.ConsumerDrain;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Map;

/**
 * Not part of the normal build: {@code -Dbench=true}. {@link EntryEventsDrainBench}'s backlog for the same consumer
 * given one record per poll: one record, one transaction, one commit, as before batching (issue 17).
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
@TestProfile(EntryEventsDrainOneByOneBench.OneRecordPerPoll.class)
class EntryEventsDrainOneByOneBench {

    public static class OneRecordPerPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.entry-events.max.poll.records", "1");
        }
    }

    @Test
    void eventsPerSecondOneByOne() throws Exception {
        ConsumerDrain.measure("warm-up", 300, 100);
        ConsumerDrain.report(ConsumerDrain.measure("reminder-service one by one", EntryEventsDrainBench.EVENTS,
                EntryEventsDrainBench.PEOPLE), EntryEventsDrainBench.REPORT);
    }
}
