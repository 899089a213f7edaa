package app.openly.insights;

import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.events.Topics;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 18.1: deleting an entry restores exactly the state before it; a practice never kept is not shown as zeros. */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class DeletedEntryTest {

    static final String ZONE = "Europe/Berlin";

    @Test
    void aDeletedEntryLeavesNoGhostStreak() {
        String user = "g-" + UUID.randomUUID();
        String token = TestTokens.forUser(user);
        var calm = new PracticeMetrics(null, null, 3, null, null, null, null, null, 8, true, 3, 6);
        for (String at : List.of("2026-11-24T07:00:00", "2026-11-25T07:00:00")) {
            TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, null,
                    TestEvents.facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, LocalDateTime.parse(at), ZONE, calm, List.of("body"))));
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200).body("summary.daysPracticed", equalTo(2)));
        Map<String, Object> before = snapshot(token);

        var honest = TestEvents.facts(UUID.randomUUID(), 1, Practice.HONEST_SENTENCE, LocalDateTime.parse("2026-11-26T13:00:00"), ZONE,
                new PracticeMetrics(4, true, null, null, null, null, null, null, null, null, null, null), List.of("family"));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, null, honest));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/insights/weekly?week=2026-W48").then().body("summary.entriesByPractice.HONEST_SENTENCE", equalTo(1)));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.deleted(user, null, honest));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/insights/weekly?week=2026-W48").then().body("summary.entriesByPractice", not(hasKey("HONEST_SENTENCE"))));

        Map<String, Object> after = snapshot(token);
        assertEquals(before.get("weekly"), after.get("weekly"), "GET /insights/weekly");
        assertEquals(before.get("streaks"), after.get("streaks"), "GET /insights/streaks");
        assertEquals(before.get("tables"), after.get("tables"), "the aggregate rows kept about the person");
    }

    @Test
    void pausesDoNotInventPracticesNeverKept() {
        String user = "g-" + UUID.randomUUID();
        String token = TestTokens.forUser(user);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T07:00:00"), ZONE));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().auth().oauth2(token).get("/api/v1/insights/streaks")
                .then().body("streaks.practice", equalTo(List.of("ALL", "BODY_ANCHOR"))));
        given().auth().oauth2(token).contentType("application/json").body("{\"days\":[\"2026-11-27\"]}")
                .put("/api/v1/insights/pauses").then().statusCode(200);
        given().auth().oauth2(token).get("/api/v1/insights/streaks").then().statusCode(200)
                .body("streaks.practice", equalTo(List.of("ALL", "BODY_ANCHOR")));
    }

    private static Map<String, Object> snapshot(String token) {
        String weekly = given().auth().oauth2(token).get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200).extract().asString();
        String streaks = given().auth().oauth2(token).get("/api/v1/insights/streaks").then().statusCode(200).extract().asString();
        Map<String, Object> tables = given().auth().oauth2(token).get("/api/v1/insights/export").then().statusCode(200)
                .extract().jsonPath().getMap("tables");
        Map<String, Object> aggregates = new java.util.TreeMap<>();
        for (String table : List.of("daily_practice", "weekly_practice", "weekly_theme", "streak_state")) {
            aggregates.put(table, tables.get(table));
        }
        return Map.of("weekly", weekly, "streaks", streaks, "tables", aggregates);
    }
}
