package app.openly.journal.claims;

import app.openly.journal.JournalTestInfrastructure;
import app.openly.testsupport.ThreeBrokerKafka;

import java.util.HashMap;
import java.util.Map;

/** journal-service on its usual database, publishing to the three-broker cluster instead of the shared broker. */
public class ThreeBrokerInfrastructure extends JournalTestInfrastructure {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("kafka.bootstrap.servers", ThreeBrokerKafka.cluster().bootstrapServers());
        return config;
    }
}
