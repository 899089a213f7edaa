package app.openly.reminder;

import app.openly.testsupport.ConsumerDrain;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;

/**
 * Not part of the normal build: {@code -Dbench=true} ({@code bench/consumers.sh}). Events/s of this service's
 * entry-events consumer working through a backlog published at once, as configured (a batch per poll, one
 * transaction per batch). {@link EntryEventsDrainOneByOneBench} measures the same consumer with one record per poll
 * in the same surefire run, so their ratio comes from one run.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class EntryEventsDrainBench {

    static final Path REPORT = Path.of("target/bench-entry-events.txt");
    static final int EVENTS = Integer.getInteger("bench.events", 3000);
    static final int PEOPLE = Integer.getInteger("bench.people", 500);

    @Test
    void eventsPerSecondInBatches() throws Exception {
        ConsumerDrain.measure("warm-up", 500, 100);
        ConsumerDrain.report(ConsumerDrain.measure("reminder-service batches", EVENTS, PEOPLE), REPORT);
    }
}
