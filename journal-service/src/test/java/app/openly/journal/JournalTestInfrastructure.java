package app.openly.journal;

import app.openly.testsupport.OpenlyTestInfrastructure;

/** Real PostgreSQL (database "journal") and real Kafka for this service's tests. */
public class JournalTestInfrastructure extends OpenlyTestInfrastructure {
    @Override
    protected String database() {
        return "journal";
    }
}
