package app.openly.insights;

import app.openly.events.EventJson;
import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.events.Topics;
import app.openly.testsupport.SharedInfrastructure;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.File;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Not part of the normal build: {@code -Dbench=true}. Seeds 3 years of daily entries for one person and
 * 3 entries for another over the real broker, then runs {@code bench/insights.sh} (wrk) against this
 * test instance, so the figures come from the same consumer and read path as production.
 */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class WeeklyReadBench {

    @Test
    void p99OfWeeklyWithThreeYearsAgainstThreeEntries() throws Exception {
        String heavy = "bench-heavy-" + UUID.randomUUID();
        String light = "bench-light-" + UUID.randomUUID();
        var courage = new PracticeMetrics(3, true, null, null, null, null, null, null, null, null, null, null);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        LocalDate last = LocalDate.parse("2026-11-24");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 1094; i >= 0; i--) {
                send(producer, heavy, last.minusDays(i), courage);
            }
            for (LocalDate d : List.of(last.minusDays(2), last.minusDays(1), last)) {
                send(producer, light, d, courage);
            }
            producer.flush();
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.forUser(heavy)).get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200)
                        .body("summary.daysPracticed", equalTo(2)));
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.forUser(heavy)).get("/api/v1/insights/streaks").then().statusCode(200)
                        .body("streaks.find { it.practice == 'ALL' }.longest", greaterThan(1000)));
        var script = new ProcessBuilder("bash", "bench/insights.sh").directory(new File("..")).inheritIO();
        script.environment().put("SEED", "0");
        script.environment().put("INSIGHTS_URL", "http://localhost:" + RestAssured.port);
        script.environment().put("HEAVY_TOKEN", TestTokens.forUser(heavy));
        script.environment().put("LIGHT_TOKEN", TestTokens.forUser(light));
        assertEquals(0, script.start().waitFor());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String user, LocalDate day, PracticeMetrics m) {
        var facts = TestEvents.facts(UUID.randomUUID(), 1, Practice.HONEST_SENTENCE, day.atTime(20, 0), "Europe/Berlin", m, List.of("family"));
        producer.send(new ProducerRecord<>(Topics.JOURNAL_ENTRY_EVENTS, user, EventJson.encode(TestEvents.recorded(user, "bench-org", facts))));
    }
}
