package app.openly.reminder;

import app.openly.testsupport.OpenlyTestInfrastructure;
import app.openly.testsupport.mail.TestMail;

import java.util.HashMap;
import java.util.Map;

/** Real PostgreSQL (database "reminder"), real Kafka and a real SMTP + IMAP server (GreenMail) for this service's tests. */
public class ReminderTestInfrastructure extends OpenlyTestInfrastructure {
    @Override
    protected String database() {
        return "reminder";
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.putAll(TestMail.quarkusConfig());
        return config;
    }
}
