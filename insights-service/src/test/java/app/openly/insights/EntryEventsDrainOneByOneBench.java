package app.openly.insights;

import app.openly.testsupport.EntryEventsDrainBenchBase;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Not part of the normal build ({@code -Dbench=true}): {@link EntryEventsDrainBenchBase}, one record per poll. */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
@TestProfile(EntryEventsDrainBenchBase.OneRecordPerPoll.class)
class EntryEventsDrainOneByOneBench extends EntryEventsDrainBenchBase {
    EntryEventsDrainOneByOneBench() {
        super("insights-service", true);
    }

    @Inject
    MeterRegistry registry;
    @Inject
    AgroalDataSource dataSource;
    private DrainCpu cpu;

    @BeforeEach
    void watchCpu() throws Exception {
        cpu = new DrainCpu(registry, dataSource, 300, EVENTS); // the base's warm-up, then the measured drain
    }

    @AfterEach
    void reportCpu() throws Exception {
        cpu.report(REPORT);
    }
}
