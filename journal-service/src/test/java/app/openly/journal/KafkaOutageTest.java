package app.openly.journal;

import app.openly.events.EntryRecorded;
import app.openly.events.Topics;
import app.openly.platform.outbox.OutboxRelay;
import app.openly.testsupport.SharedInfrastructure;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Entries are accepted while Kafka is down and delivered, once, when it returns. */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class KafkaOutageTest {

    @Inject
    OutboxRelay relay;

    @Test
    void entriesWaitInTheOutboxWhileTheBrokerIsDownAndArriveAfterwards() throws Exception {
        String user = "outage-" + UUID.randomUUID();
        SharedInfrastructure.stopKafka();
        String id;
        try {
            id = given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json")
                    .body(WalkingSkeletonTest.BODY_ANCHOR)
                    .post("/api/v1/entries")
                    .then().statusCode(201).extract().path("id");
            // The relay keeps trying; the event stays in the outbox meanwhile.
            Thread.sleep(3000);
            assertTrue(relay.pending() >= 1, "the event waits in the outbox while Kafka is down");
        } finally {
            SharedInfrastructure.startKafkaAgain();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> relay.pending() == 0);
        var events = TestKafka.eventsOf(Topics.JOURNAL_ENTRY_EVENTS, user, e -> true, Duration.ofSeconds(30));
        assertEquals(1, events.stream().map(e -> e.eventId()).distinct().count(), "delivered, and as one event");
        assertEquals(UUID.fromString(id), ((EntryRecorded) events.get(0).payload()).entry().entryId());
    }
}
