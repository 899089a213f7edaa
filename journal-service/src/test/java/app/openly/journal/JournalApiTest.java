package app.openly.journal;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.EventType;
import app.openly.events.Topics;
import app.openly.events.UserErased;
import app.openly.platform.persistence.TimeOrderedIds;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** journal-service's API on real PostgreSQL and real Kafka: practices, privacy, versions, rights. */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class JournalApiTest {

    static final String SECRET_SENTENCE = "Zebra-marmalade-7731 I told my sister I am lonely";
    static final String SECRET_WHISPER = "Quokka-lantern-4410 everyone will see I'm a fraud";

    @Inject
    AgroalDataSource dataSource;

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(TestTokens.forUser(user, "org-acme")).contentType("application/json");
    }

    private static String honest(String at, String sentence) {
        return """
                {"practice":"HONEST_SENTENCE","occurredAt":"%s","timeZone":"Europe/Berlin","sentence":"%s","sharedWith":"my sister","shared":true,"courage":4,"feeling":"NERVOUS","note":"private note","tags":["home"]}"""
                .formatted(at, sentence);
    }

    @Test
    void eachPracticeIsValidatedByItsOwnRules() {
        String user = "p-" + UUID.randomUUID();
        as(user).body("""
                {"practice":"RITUAL_OF_OPENNESS","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","text":"thank you"}""")
                .post("/api/v1/entries").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("kind"));
        as(user).body("""
                {"practice":"BODY_ANCHOR","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","breaths":5,"courage":3}""")
                .post("/api/v1/entries").then().statusCode(400).body("errors.field", hasItem("courage"));
        as(user).body("""
                {"practice":"HONEST_SENTENCE","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","sentence":"hi","courage":9}""")
                .post("/api/v1/entries").then().statusCode(400).body("errors.field", hasItem("courage"));
        as(user).body("""
                {"practice":"HONEST_SENTENCE","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","sentence":"hi","courage":"four"}""")
                .post("/api/v1/entries").then().statusCode(400).body("errors.field", hasItem("courage"));
        as(user).body("""
                {"practice":"SING_LOUDLY","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin"}""")
                .post("/api/v1/entries").then().statusCode(400).body("errors.field", hasItem("practice"));
        // Three days ahead of the service's (test) clock, not of the machine's: the suite runs on any -Dopenly.test.today.
        String future = app.openly.testsupport.TestClock.runningNow().atOffset(ZoneOffset.UTC).plusDays(3).toString();
        as(user).body(honest(future, "hello")).post("/api/v1/entries").then().statusCode(400).body("errors.field", hasItem("occurredAt"));
        as(user).body(honest("2026-11-24T21:40:00+01:00", "x".repeat(501))).post("/api/v1/entries")
                .then().statusCode(400).body("errors.field", hasItem("sentence"));
        as(user).body("""
                {"practice":"INNER_CRITIC_REFRAME","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","whisper":"w","note":"%s"}"""
                .formatted("n".repeat(4001))).post("/api/v1/entries").then().statusCode(400).body("errors.field", hasItem("note"));
        as(user).body("{\"practice\":\"BODY_ANCHOR\",\"note\":\"" + "x".repeat(70_000) + "\"}")
                .post("/api/v1/entries").then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forUser(user)).contentType("text/plain").body("hello")
                .post("/api/v1/entries").then().statusCode(415).contentType("application/problem+json");
        // Nothing of the refused requests was stored.
        as(user).get("/api/v1/entries").then().statusCode(200).body("items", hasSize(0));

        // The inner critic gets the gentle default reframe.
        as(user).body("""
                {"practice":"INNER_CRITIC_REFRAME","occurredAt":"2026-11-24T16:00:00+01:00","timeZone":"Europe/Berlin","whisper":"You always ruin it","intensityBefore":8,"intensityAfter":4}""")
                .post("/api/v1/entries").then().statusCode(201)
                .body("reframe", equalTo("It's safe to be real"))
                .body("themes", hasItem("shame"));
    }

    @Test
    void textIsEncryptedAtRestAndNeverGoesOnKafka() throws Exception {
        String user = "priv-" + UUID.randomUUID();
        String id = as(user).body(honest("2026-11-24T13:05:00+01:00", SECRET_SENTENCE)).post("/api/v1/entries")
                .then().statusCode(201)
                .header("ETag", equalTo("\"1\""))
                .body("sentence", equalTo(SECRET_SENTENCE))
                .body("themes", hasItems("family", "loneliness"))
                .extract().path("id");
        as(user).body("""
                {"practice":"INNER_CRITIC_REFRAME","occurredAt":"2026-11-24T16:00:00+01:00","timeZone":"Europe/Berlin","whisper":"%s","reframe":"I am learning"}"""
                .formatted(SECRET_WHISPER)).post("/api/v1/entries").then().statusCode(201);

        // A dump of every row of every table shows no plaintext.
        StringBuilder dump = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("journal_entry", "outbox_event", "person_key", "idempotency_key")) {
                try (ResultSet rs = s.executeQuery("select t::text from " + table + " t")) {
                    while (rs.next()) {
                        dump.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        assertTrue(dump.toString().contains(id), "the dump did read the entry row");
        for (String secret : List.of("Zebra-marmalade", "Quokka-lantern", "my sister", "private note", "I am learning")) {
            assertFalse(dump.toString().contains(secret), "plaintext in the database: " + secret);
        }

        // Every byte published for this person is free of text; numbers, themes and lengths are there.
        List<EventEnvelope> events = TestKafka.publishedEventsOf(Topics.JOURNAL_ENTRY_EVENTS, user, dataSource, Duration.ofSeconds(20));
        assertEquals(2, events.size(), "two entries, two events, each once");
        var raw = TestKafka.readToEnd(Topics.JOURNAL_ENTRY_EVENTS);
        for (var record : raw) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            for (String secret : List.of("Zebra", "marmalade", "Quokka", "lantern", "my sister", "private note", "home\"", "I am learning")) {
                assertFalse(value.contains(secret), "text on Kafka: " + secret);
            }
        }
        var first = ((EntryRecorded) events.get(0).payload()).entry();
        assertEquals(4, first.metrics().courage());
        assertEquals(SECRET_SENTENCE.length(), first.textLengths().get("sentence"));
        assertTrue(first.themes().contains("family"));
    }

    @Test
    void editsNeedTheCurrentVersionAndEmitRevisedAndDeleted() {
        String user = "v-" + UUID.randomUUID();
        String id = as(user).body(honest("2026-11-24T13:05:00+01:00", "first words")).post("/api/v1/entries")
                .then().statusCode(201).extract().path("id");
        String edit = honest("2026-11-22T09:00:00+01:00", "kinder words");
        as(user).body(edit).put("/api/v1/entries/" + id).then().statusCode(428).contentType("application/problem+json");
        as(user).header("If-Match", "\"7\"").body(edit).put("/api/v1/entries/" + id).then().statusCode(412);
        as("intruder-" + UUID.randomUUID()).header("If-Match", "\"1\"").body(edit).put("/api/v1/entries/" + id).then().statusCode(404);
        as(user).header("If-Match", "\"1\"").body(edit).put("/api/v1/entries/" + id).then().statusCode(200)
                .header("ETag", equalTo("\"2\"")).body("version", equalTo(2)).body("sentence", equalTo("kinder words"))
                .body("localDate", equalTo("2026-11-22"));
        as(user).header("If-Match", "\"1\"").delete("/api/v1/entries/" + id).then().statusCode(412);
        as("intruder-" + UUID.randomUUID()).delete("/api/v1/entries/" + id).then().statusCode(404);
        as(user).delete("/api/v1/entries/" + id).then().statusCode(204);
        as(user).get("/api/v1/entries/" + id).then().statusCode(404);
        as(user).get("/api/v1/entries/not-a-uuid").then().statusCode(404).contentType("application/problem+json");

        var events = TestKafka.publishedEventsOf(Topics.JOURNAL_ENTRY_EVENTS, user, dataSource, Duration.ofSeconds(20));
        assertEquals(List.of(EventType.ENTRY_RECORDED, EventType.ENTRY_REVISED, EventType.ENTRY_DELETED),
                events.stream().map(EventEnvelope::eventType).toList(), "commit order per person");
        var revised = (EntryRevised) events.get(1).payload();
        assertEquals(2, revised.entry().version());
        assertEquals("2026-11-24", revised.previousLocalDate().toString());
        assertEquals(3, ((EntryDeleted) events.get(2).payload()).version());
        // Entry and event ids are version 7 (time first: they become keys of indexes that only grow), made at the
        // moment the event says it happened.
        assertEquals(7, UUID.fromString(id).version());
        for (EventEnvelope event : events) {
            assertEquals(7, event.eventId().version(), event.eventType().name());
            assertEquals(event.occurredAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), TimeOrderedIds.madeAt(event.eventId()));
        }
        assertEquals(TimeOrderedIds.madeAt(events.get(0).eventId()), TimeOrderedIds.madeAt(UUID.fromString(id)), "the entry's id and its first event's");
    }

    @Test
    void listsNewestFirstWithCursorAndFilters() {
        String user = "l-" + UUID.randomUUID();
        for (int day = 1; day <= 5; day++) {
            as(user).body(honest("2026-11-%02dT12:00:00+01:00".formatted(day), "day " + day)).post("/api/v1/entries").then().statusCode(201);
        }
        as(user).body(WalkingSkeletonTest.BODY_ANCHOR).post("/api/v1/entries").then().statusCode(201);
        var page1 = as(user).queryParam("limit", 2).queryParam("practice", "HONEST_SENTENCE").get("/api/v1/entries")
                .then().statusCode(200).body("items", hasSize(2))
                .body("items[0].sentence", equalTo("day 5")).body("items[1].sentence", equalTo("day 4"))
                .body("nextCursor", notNullValue()).extract();
        as(user).queryParam("limit", 2).queryParam("practice", "HONEST_SENTENCE").queryParam("cursor", (String) page1.path("nextCursor"))
                .get("/api/v1/entries").then().statusCode(200)
                .body("items.sentence", equalTo(List.of("day 3", "day 2")));
        as(user).queryParam("from", "2026-11-02").queryParam("to", "2026-11-03").get("/api/v1/entries")
                .then().statusCode(200).body("items.sentence", equalTo(List.of("day 3", "day 2"))).body("nextCursor", nullValue());
        as(user).queryParam("cursor", "not-a-cursor").get("/api/v1/entries").then().statusCode(400).body("errors.field", hasItem("cursor"));
        as(user).queryParam("limit", 1000).get("/api/v1/entries").then().statusCode(400).body("errors.field", hasItem("limit"));
        as(user).queryParam("from", "yesterday").get("/api/v1/entries").then().statusCode(400).body("errors.field", hasItem("from"));
        as("someone-else-" + UUID.randomUUID()).get("/api/v1/entries").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void anIdempotencyKeyMakesRetriesSafe() {
        String user = "i-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String body = honest("2026-11-24T13:05:00+01:00", "once only");
        String first = as(user).header("Idempotency-Key", key).body(body).post("/api/v1/entries").then().statusCode(201).extract().path("id");
        String again = as(user).header("Idempotency-Key", key).body(body).post("/api/v1/entries").then().statusCode(201).extract().path("id");
        assertEquals(first, again);
        as(user).header("Idempotency-Key", key).body(honest("2026-11-24T13:05:00+01:00", "something else"))
                .post("/api/v1/entries").then().statusCode(422).contentType("application/problem+json");
        as(user).get("/api/v1/entries").then().body("items", hasSize(1));
        // Another person's identical key is theirs alone.
        as("other-" + UUID.randomUUID()).header("Idempotency-Key", key).body(body).post("/api/v1/entries").then().statusCode(201);
        var events = TestKafka.publishedEventsOf(Topics.JOURNAL_ENTRY_EVENTS, user, dataSource, Duration.ofSeconds(20));
        assertEquals(1, events.size(), "one event for one entry");
    }

    @Test
    void exportGivesEverythingBackAndErasureDestroysIt() throws Exception {
        String user = "gdpr-" + UUID.randomUUID();
        as(user).body(honest("2026-11-24T13:05:00+01:00", SECRET_SENTENCE)).post("/api/v1/entries").then().statusCode(201);
        as(user).body(WalkingSkeletonTest.BODY_ANCHOR).post("/api/v1/entries").then().statusCode(201);
        as(user).get("/api/v1/me/export").then().statusCode(200)
                .body("entryCount", equalTo(2)).body("userId", equalTo(user))
                .body("entries.sentence", hasItem(SECRET_SENTENCE));

        as(user).delete("/api/v1/me").then().statusCode(204);
        as(user).get("/api/v1/me/export").then().statusCode(200).body("entryCount", equalTo(0));
        // Every table that keys rows by person (entries, key, idempotency keys, write budget, and any added
        // later) holds nothing of them; only the outbox may still carry the UserErased event itself.
        List<String> tables = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select table_name from information_schema.columns where table_schema = current_schema() "
                     + "and column_name = 'user_id' and table_name <> 'outbox_event'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertTrue(tables.containsAll(List.of("journal_entry", "person_key", "idempotency_key", "write_allowance")), tables.toString());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + table + " where user_id = '" + user + "'")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "rows of the erased person left in " + table);
                }
            }
        }
        var events = TestKafka.publishedEventsOf(Topics.JOURNAL_ENTRY_EVENTS, user, dataSource, Duration.ofSeconds(20));
        assertTrue(events.get(events.size() - 1).payload() instanceof UserErased, "UserErased is the person's last event");
        assertEquals(1, events.stream().filter(e -> e.payload() instanceof UserErased).count(), "announced once");
    }

    @Test
    void promptsAreGentleAndValidated() {
        String user = "pr-" + UUID.randomUUID();
        as(user).queryParam("practice", "BODY_ANCHOR").queryParam("timeZone", "Asia/Kathmandu").get("/api/v1/prompts/today")
                .then().statusCode(200).body("practice", equalTo("BODY_ANCHOR")).body("prompt", not(containsString("streak")));
        as(user).get("/api/v1/prompts/today").then().statusCode(400).body("errors.field", hasItem("practice"));
        as(user).queryParam("practice", "BODY_ANCHOR").queryParam("timeZone", "Nowhere/Land").get("/api/v1/prompts/today")
                .then().statusCode(400).body("errors.field", hasItem("timeZone"));
    }

    @Test
    void openApiDocumentsEveryPractice() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("RITUAL_OF_OPENNESS")).body(containsString("/api/v1/me/export"));
    }
}
