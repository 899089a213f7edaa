package app.openly.insights;

import app.openly.testsupport.OpenlyTestInfrastructure;

/** Real PostgreSQL (database "insights") and real Kafka for this service's tests. */
public class InsightsTestInfrastructure extends OpenlyTestInfrastructure {
    @Override
    protected String database() {
        return "insights";
    }
}
