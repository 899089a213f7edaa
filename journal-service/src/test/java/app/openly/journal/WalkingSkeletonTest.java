package app.openly.journal;

import app.openly.events.EntryRecorded;
import app.openly.events.EventType;
import app.openly.events.Topics;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class WalkingSkeletonTest {

    @Inject
    AgroalDataSource dataSource;

    static final String BODY_ANCHOR = """
            {"practice":"BODY_ANCHOR","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","breaths":8}""";

    @Test
    void anAuthenticatedEntryIsStoredAndPublishedAsEntryRecorded() {
        String user = "skeleton-" + UUID.randomUUID();
        var created = given().auth().oauth2(TestTokens.forUser(user, "org-acme"))
                .contentType("application/json")
                .body(BODY_ANCHOR)
                .post("/api/v1/entries")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("localDate", equalTo("2026-11-24"))
                .body("localTime", equalTo("21:40:00"))
                .extract();
        String id = created.path("id");
        // The Location is built as text from the base URI (issue 17): exactly the entry's absolute URI, one slash each.
        assertEquals("http://localhost:" + io.restassured.RestAssured.port + "/api/v1/entries/" + id, created.header("Location"));

        // The whole topic to its end once the outbox is drained: a duplicate published later cannot hide.
        var events = TestKafka.publishedEventsOf(Topics.JOURNAL_ENTRY_EVENTS, user, dataSource, Duration.ofSeconds(20));
        assertEquals(1, events.size(), "exactly one event for the new entry");
        assertEquals(EventType.ENTRY_RECORDED, events.get(0).eventType());
        var recorded = (EntryRecorded) events.get(0).payload();
        assertEquals(UUID.fromString(id), recorded.entry().entryId());
        assertEquals("org-acme", events.get(0).orgId());
        assertEquals("Europe/Berlin", recorded.entry().timeZone());
        assertEquals(8, recorded.entry().metrics().breaths());
    }

    @Test
    void noTokenIs401ProblemJson() {
        given().contentType("application/json").body("{}")
                .post("/api/v1/entries")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aTokenForAnotherApplicationOrAnExpiredOneIs401() {
        // Signed by the right key and issuer, but minted for another app of the same identity provider.
        given().auth().oauth2(TestTokens.forAnotherAudience("u-" + UUID.randomUUID())).get("/api/v1/entries")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.expired("u-" + UUID.randomUUID())).get("/api/v1/entries")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forUser("u-" + UUID.randomUUID())).get("/api/v1/entries").then().statusCode(200);
    }

    @Test
    void noApiAnswerMayBeCached() {
        given().auth().oauth2(TestTokens.forUser("u-" + UUID.randomUUID())).get("/api/v1/entries").then().statusCode(200)
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff");
        given().get("/api/v1/entries").then().statusCode(401).header("Cache-Control", "no-store");
    }

    @Test
    void malformedJsonIs400ProblemJsonAndEchoesNothing() {
        given().auth().oauth2(TestTokens.forUser("u-" + UUID.randomUUID()))
                .contentType("application/json").body("{\"practice\": \"BODY_ANCHOR\", secret-words")
                .post("/api/v1/entries")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("secret-words")))
                .body("type", org.hamcrest.Matchers.endsWith("/malformed-json"));
        // A body cut off in the middle (a dropped mobile connection) is named as broken JSON too.
        given().auth().oauth2(TestTokens.forUser("u-" + UUID.randomUUID()))
                .contentType("application/json").body("{\"practice\": \"BODY_ANCHOR\",")
                .post("/api/v1/entries")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/malformed-json"));
    }

    @Test
    void unknownFieldsAndMissingFieldsNameTheField() {
        String token = TestTokens.forUser("u-" + UUID.randomUUID());
        given().auth().oauth2(token).contentType("application/json")
                .body("""
                        {"practice":"BODY_ANCHOR","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","breaths":8,"userId":"someone-else"}""")
                .post("/api/v1/entries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("userId"));
        given().auth().oauth2(token).contentType("application/json")
                .body("""
                        {"practice":"BODY_ANCHOR","occurredAt":"2026-11-24T21:40:00+01:00","breaths":8}""")
                .post("/api/v1/entries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("timeZone"));
        given().auth().oauth2(token).contentType("application/json")
                .body("""
                        {"practice":"BODY_ANCHOR","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Mars/Olympus","breaths":8}""")
                .post("/api/v1/entries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("timeZone"));
    }

    @Test
    void anotherPersonsEntryIs404() {
        String id = given().auth().oauth2(TestTokens.forUser("owner-" + UUID.randomUUID()))
                .contentType("application/json").body(BODY_ANCHOR)
                .post("/api/v1/entries").then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.forUser("stranger-" + UUID.randomUUID()))
                .get("/api/v1/entries/" + id)
                .then().statusCode(404).contentType("application/problem+json");
    }
}
