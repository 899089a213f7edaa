package app.openly.reminder;

import app.openly.testsupport.EntryEventsDrainBenchBase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Not part of the normal build ({@code -Dbench=true}): {@link EntryEventsDrainBenchBase}, a batch per poll. */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class EntryEventsDrainBench extends EntryEventsDrainBenchBase {
    EntryEventsDrainBench() {
        super("reminder-service", false);
    }
}
