package app.openly.insights;

import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestClock;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Paused days neither count nor break a streak; setting them recomputes the streaks. */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class PausesTest {

    @Inject
    TestClock clock;

    @AfterEach
    void runningClockAgain() {
        clock.reset();
    }

    @Test
    void pausingTheGapKeepsTheStreakWhole() {
        String user = "p-" + UUID.randomUUID();
        String token = TestTokens.forUser(user);
        // Streaks are carried forward to today, so the days are placed relative to it; the clock stands
        // still meanwhile, so a run across midnight does not move "today" under the test.
        clock.set(TestClock.runningNow());
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Europe/Berlin")));
        for (int back : new int[]{9, 8, 7, 6, 3, 2, 1, 0}) {
            TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                    TestEvents.recorded(user, Practice.BODY_ANCHOR, today.minusDays(back).atTime(0, 30), "Europe/Berlin"));
        }
        // Two missed days within 7 are more than the one forgiven: the streak restarted.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token).get("/api/v1/insights/streaks")
                .then().statusCode(200).body("streaks.find { it.practice == 'ALL' }.longest", equalTo(4)) // days -3..0; -9..-6 is 4 as well
                .body("streaks.find { it.practice == 'BODY_ANCHOR' }.lastPracticed", equalTo(today.toString())));

        given().auth().oauth2(token).contentType("application/json")
                .body("{\"days\":[\"" + today.minusDays(5) + "\",\"" + today.minusDays(4) + "\"]}")
                .put("/api/v1/insights/pauses").then().statusCode(200).body("days.size()", equalTo(2));
        given().auth().oauth2(token).get("/api/v1/insights/streaks").then().statusCode(200)
                .body("streaks.find { it.practice == 'ALL' }.current", equalTo(8))
                .body("streaks.find { it.practice == 'BODY_ANCHOR' }.current", equalTo(8));
        given().auth().oauth2(token).get("/api/v1/insights/pauses").then().statusCode(200)
                .body("days[0]", equalTo(today.minusDays(5).toString()));

        // Lifting the pause restores the honest count.
        given().auth().oauth2(token).contentType("application/json").body("{\"days\":[]}")
                .put("/api/v1/insights/pauses").then().statusCode(200);
        given().auth().oauth2(token).get("/api/v1/insights/streaks").then().statusCode(200)
                .body("streaks.find { it.practice == 'ALL' }.current", equalTo(4));

        given().auth().oauth2(token).contentType("application/json").body("{\"days\":[\"not-a-day\"]}")
                .put("/api/v1/insights/pauses").then().statusCode(400).contentType(containsString("problem+json"));
    }
}
