package app.openly.reminder;

import app.openly.testsupport.OpenlyTestInfrastructure;

/** Real PostgreSQL (database "reminder") and real Kafka for this service's tests. */
public class ReminderTestInfrastructure extends OpenlyTestInfrastructure {
    @Override
    protected String database() {
        return "reminder";
    }
}
