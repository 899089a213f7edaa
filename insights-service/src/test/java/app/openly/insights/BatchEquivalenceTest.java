package app.openly.insights;

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
 * Insights' batch path (each table written once for the whole batch) leaves the rows applying the events one by
 * one leaves: projection, daily and weekly aggregates, streaks, people.
 */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
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
