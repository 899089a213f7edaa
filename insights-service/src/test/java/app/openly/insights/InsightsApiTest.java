package app.openly.insights;

import app.openly.events.EventEnvelope;
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
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Weekly summary, streaks and the anonymous organization view over real Kafka and PostgreSQL. */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class InsightsApiTest {

    static final String ZONE = "Europe/Berlin";

    private static void publish(String user, String org, Practice practice, String localDateTime, PracticeMetrics metrics, List<String> themes) {
        var facts = TestEvents.facts(UUID.randomUUID(), 1, practice, LocalDateTime.parse(localDateTime), ZONE, metrics, themes);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, org, facts));
    }

    static PracticeMetrics courage(int c) {
        return new PracticeMetrics(c, true, null, null, null, null, null, null, null, null, null, null);
    }

    static PracticeMetrics calm(int before, int after) {
        return new PracticeMetrics(null, null, 3, null, null, null, null, null, 8, true, before, after);
    }

    @Test
    void theWeeklySummaryAddsUpTheWeekAndEditsCorrectIt() {
        String user = "w-" + UUID.randomUUID();
        publish(user, null, Practice.HONEST_SENTENCE, "2026-11-16T13:00:00", courage(2), List.of("family"));
        publish(user, null, Practice.HONEST_SENTENCE, "2026-11-23T13:00:00", courage(4), List.of("family", "fear"));
        publish(user, null, Practice.HONEST_SENTENCE, "2026-11-24T13:00:00", courage(5), List.of("family"));
        var moving = TestEvents.facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-25T07:00:00"), ZONE, calm(3, 7), List.of("body"));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, null, moving));
        String token = TestTokens.forUser(user);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200)
                .body("inProgress", equalTo(false))
                .body("summary.daysPracticed", equalTo(3))
                .body("summary.entriesByPractice.HONEST_SENTENCE", equalTo(2))
                .body("summary.courageAverage", equalTo(4.5f))
                .body("summary.courageAveragePreviousWeek", equalTo(2.0f))
                .body("summary.courageTrend", equalTo("RISING"))
                .body("summary.bodyAnchorCalm.after", equalTo(7.0f))
                .body("summary.topThemes[0].theme", equalTo("family"))
                .body("summary.footer", notNullValue()));
        // Moving the body-anchor entry into the previous week takes it out of this one, exactly.
        var moved = TestEvents.facts(moving.entryId(), 2, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-20T07:00:00"), ZONE, calm(3, 7), List.of("body"));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.revised(user, null, moved, moving.localDate()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200)
                .body("summary.daysPracticed", equalTo(2))
                .body("summary.bodyAnchorCalm.after", nullValue()));
        given().auth().oauth2(token).get("/api/v1/insights/weekly?week=2026-W47").then().statusCode(200)
                .body("summary.daysPracticed", equalTo(2))
                .body("summary.entriesByPractice.BODY_ANCHOR", equalTo(1));
        given().auth().oauth2(token).get("/api/v1/insights/weekly?week=2999-W01").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("week"));
        given().auth().oauth2(token).get("/api/v1/insights/weekly?week=2026-W99").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("week"));
        given().auth().oauth2(token).get("/api/v1/insights/streaks").then().statusCode(200)
                .body("streaks.practice", hasItem("ALL"))
                .body("timeZone", equalTo(ZONE));
    }

    @Test
    void erasureRemovesAPersonFromEverything() {
        String user = "e-" + UUID.randomUUID();
        publish(user, null, Practice.BODY_ANCHOR, "2026-11-24T07:00:00", calm(2, 5), List.of("body"));
        String token = TestTokens.forUser(user);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/insights/weekly?week=2026-W48").then().body("summary.daysPracticed", equalTo(1)));
        // The person's export holds every row kept about them, and only theirs.
        given().auth().oauth2(token).get("/api/v1/insights/export").then().statusCode(200)
                .body("userId", equalTo(user)).body("service", equalTo("insights-service"))
                .body("tables.daily_practice.local_date", hasItem("2026-11-24"))
                .body("tables.daily_practice.user_id", everyItem(equalTo(user)))
                .body("tables.streak_state.practice", hasItem("BODY_ANCHOR"))
                .body("tables.weekly_theme.theme", hasItem("body"))
                .body("tables", not(hasKey("outbox_event")));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.erased(user));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/insights/weekly?week=2026-W48").then().body("summary.daysPracticed", equalTo(0))
                .body("streaks.size()", equalTo(0)));
        // Nothing of them is left in any table.
        var tables = given().auth().oauth2(token).get("/api/v1/insights/export").then().statusCode(200)
                .extract().jsonPath().getMap("tables");
        assertFalse(tables.isEmpty());
        tables.forEach((table, rows) -> org.junit.jupiter.api.Assertions.assertEquals(List.of(), rows, "left in " + table));
        given().get("/api/v1/insights/export").then().statusCode(401);
    }

    /**
     * A suppressed cell must not be recoverable by subtraction: when the sessions total is shown, either no
     * practice is suppressed or at least two are (then only their sum is known, not who did which).
     */
    private static void assertNotDerivable(String body) {
        var json = io.restassured.path.json.JsonPath.from(body);
        java.util.Map<String, java.util.Map<String, Object>> mix = json.getMap("practiceMix");
        long suppressed = mix.values().stream().filter(f -> Boolean.TRUE.equals(f.get("suppressed"))).count();
        boolean totalShown = !Boolean.TRUE.equals(json.get("sessions.suppressed"));
        assertFalse(totalShown && suppressed == 1,
                "one suppressed practice next to a shown total is the total minus the others: " + mix + " / " + json.get("sessions"));
    }
}
