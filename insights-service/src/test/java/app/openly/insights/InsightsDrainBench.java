package app.openly.insights;

import app.openly.testsupport.EntryEventsDrainBenchBase;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@link EntryEventsDrainBenchBase} with insights' CPU per event ({@link DrainCpu}) around the measured drain. */
abstract class InsightsDrainBench extends EntryEventsDrainBenchBase {

    @Inject
    MeterRegistry registry;
    @Inject
    AgroalDataSource dataSource;
    private DrainCpu cpu;

    InsightsDrainBench(boolean oneByOne) {
        super("insights-service", oneByOne);
    }

    @BeforeEach
    void watchCpu() throws Exception {
        cpu = new DrainCpu(registry, dataSource, warmUpEvents, EVENTS); // the base's warm-up, then the measured drain
    }

    @AfterEach
    void reportCpu() throws Exception {
        cpu.report(REPORT);
    }
}
