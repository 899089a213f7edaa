package app.openly.reminder;

import app.openly.events.EventEnvelope;
import app.openly.platform.messaging.EntryEventsConsumer;
import app.openly.testsupport.TestClock;
import app.openly.testsupport.contract.BatchEquivalenceContract;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.util.List;

/**
 * Reminder's batch path (each person re-planned once, together, after their last event of the batch) leaves the
 * rows applying the events one by one leaves: history, activity, preferences, the planned schedule.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class BatchEquivalenceTest extends BatchEquivalenceContract {

    @Inject
    EntryEventsConsumer.Applier applier;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    TestClock clock;

    @Override
    protected void applyAsOneBatch(List<EventEnvelope> events) {
        applier.applyAllOnce(events);
    }

    @Override
    protected void applyAlone(EventEnvelope event) {
        applier.applyOnce(event);
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected TestClock clock() {
        return clock;
    }
}
