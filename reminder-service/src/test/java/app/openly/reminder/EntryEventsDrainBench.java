package app.openly.reminder;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not part of the normal build ({@code -Dbench=true}): the drain of {@code EntryEventsDrainBenchBase}, a batch per
 * poll, with its CPU per event ({@link DrainCpu}).
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class EntryEventsDrainBench {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void eventsPerSecond() throws Exception {
        DrainCpu.measure("reminder-service batches", 500, dataSource);
    }
}
