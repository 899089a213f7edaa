package app.openly.insights;

import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import app.openly.testsupport.contract.EntryEventsConsumerContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Entry events arrive over the real broker: the shared consumer contract (applied exactly once, poison records
 * to the DLQ, erasure everywhere) plus what insights-service makes of an event (days, revisions).
 */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class EntryEventsConsumerTest extends EntryEventsConsumerContract {

    private static ValidatableResponse days(String user) {
        return given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/insights/days").then().statusCode(200);
    }

    @Override
    protected String personPrefix() {
        return "i-";
    }

    @Override
    protected ValidatableResponse view(String userId) {
        return days(userId);
    }

    @Override
    protected void assertEachAppliedOnce(ValidatableResponse view) {
        view.body("find { it.localDate == '2026-11-24' }.entries", equalTo(1))
                .body("find { it.localDate == '2026-11-23' }.entries", equalTo(1));
    }

    @Test
    void anEntryEventBecomesVisibleOverRest() {
        String user = "i-" + UUID.randomUUID();
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.HONEST_SENTENCE, LocalDateTime.parse("2026-11-24T23:50:00"), "America/New_York"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> days(user)
                .body("", hasSize(1))
                .body("[0].localDate", equalTo("2026-11-24"))
                .body("[0].practice", equalTo("HONEST_SENTENCE"))
                .body("[0].entries", equalTo(1)));
        days("other-" + UUID.randomUUID()).body("", hasSize(0));
    }

    @Test
    void revisionsMoveAnEntryBetweenDaysAndStaleEventsAreIgnored() {
        String user = "i-" + UUID.randomUUID();
        UUID entry = UUID.randomUUID();
        var v1 = TestEvents.facts(entry, 1, Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse("2026-11-24T21:00:00"), "Europe/Berlin", null, List.of());
        var v2 = TestEvents.facts(entry, 2, Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse("2026-11-22T21:00:00"), "Europe/Berlin", null, List.of());
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, null, v1));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.revised(user, null, v2, v1.localDate()));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, null, v1)); // late copy of v1, new event id
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> days(user)
                .body("", hasSize(1))
                .body("[0].localDate", equalTo("2026-11-22")));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.deleted(user, null, v2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> days(user).body("", hasSize(0)));
    }

    @Test
    void badQueryParametersAreProblems() {
        given().auth().oauth2(TestTokens.forUser("i-" + UUID.randomUUID())).get("/api/v1/insights/days?from=yesterday")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("from"));
        given().get("/api/v1/insights/days").then().statusCode(401);
    }
}
