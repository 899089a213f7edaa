package app.openly.platform.outbox;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutboxRelaySettingsTest {

    @Test
    void theRelayTakesTheServicesConnectionSecurityAndNothingElse() {
        Map<String, Object> service = Map.of(
                "bootstrap.servers", "openly-kafka-kafka-bootstrap:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/kafka-ca/ca.crt",
                "session.timeout.ms", "10000",
                "acks", "1");
        assertEquals(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/kafka-ca/ca.crt"), OutboxRelay.connectionSecurity(service));
        assertEquals(Map.of(), OutboxRelay.connectionSecurity(Map.of("bootstrap.servers", "localhost:9092")));
    }
}
