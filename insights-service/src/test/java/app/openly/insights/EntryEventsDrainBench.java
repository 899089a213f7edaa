package app.openly.insights;

import app.openly.testsupport.EntryEventsDrainBenchBase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Not part of the normal build ({@code -Dbench=true}): {@link EntryEventsDrainBenchBase}, a batch per poll. */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class EntryEventsDrainBench extends InsightsDrainBench {
    EntryEventsDrainBench() {
        super(false);
    }
}
