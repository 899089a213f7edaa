package app.openly.reminder;

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
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Entry events arrive over the real broker: the shared consumer contract (applied once, poison records to the
 * DLQ, erasure everywhere) plus what reminder-service makes of an event.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class EntryEventsConsumerTest extends EntryEventsConsumerContract {

    @Override
    protected String personPrefix() {
        return "r-";
    }

    @Override
    protected ValidatableResponse view(String userId) {
        return given().auth().oauth2(TestTokens.forUser(userId)).get("/api/v1/reminders/activity").then().statusCode(200);
    }

    @Override
    protected void assertEachAppliedOnce(ValidatableResponse view) {
        view.body("find { it.practice == 'BODY_ANCHOR' }.entriesSeen", equalTo(1))
                .body("find { it.practice == 'HONEST_SENTENCE' }.entriesSeen", equalTo(1));
    }

    @Test
    void anEntryEventBecomesVisibleOverRest() {
        String user = newPerson();
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse("2026-11-24T21:40:00"), "Europe/Berlin"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> view(user)
                .body("", hasSize(1))
                .body("[0].practice", equalTo("RITUAL_OF_OPENNESS"))
                .body("[0].lastLocalTime", equalTo("21:40:00")));
        // Someone else sees nothing of it.
        view("other-" + UUID.randomUUID()).body("", hasSize(0));
    }
}
