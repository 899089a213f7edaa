package app.openly.insights;

import app.openly.testsupport.EntryEventsDrainBenchBase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Not part of the normal build ({@code -Dbench=true}): {@link EntryEventsDrainBenchBase}, one record per poll. */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
@TestProfile(EntryEventsDrainBenchBase.OneRecordPerPoll.class)
class EntryEventsDrainOneByOneBench extends InsightsDrainBench {
    EntryEventsDrainOneByOneBench() {
        super(true);
    }
}
