package app.openly.journal;

import app.openly.testsupport.TestClock;
import app.openly.events.EventJson;
import app.openly.events.PartnerSharedRitual;
import app.openly.events.PartnershipEnded;
import app.openly.events.PartnershipFormed;
import app.openly.events.RitualRevealed;
import app.openly.events.Topics;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nightly ritual with a partner, journal side, over real PostgreSQL and Kafka: pairing, the mutual
 * reveal across two zones' midnights, who may read what (nobody but the active partner), unpairing,
 * erasure, the codes' problems and the guessing limit — and that no ritual text or display name
 * reaches Kafka or a log.
 */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class RitualPartnershipTest {

    static final String BERLIN_TEXT = "Thank you Ottoline-wisteria for the tea";
    static final String BERLIN_TEXT_REVISED = "Thank you Ottoline-wisteria for the tea and the quiet";
    static final String NEW_YORK_TEXT = "I never said Brambleworth-lanterns scare me";
    static final String NEW_YORK_PRIVATE = "Private Quillon-marsh thought";
    static final String BERLIN_NAME = "Lena Ravensholt";
    static final String NEW_YORK_NAME = "Sam Tidewhistle";

    @Inject
    TestClock clock;

    private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    private final Handler logCapture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logLines.add(formatter.format(record)); // message, parameters and stack trace, as a log file would show
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(logCapture);
    }

    @AfterEach
    void resetClockAndLogs() {
        Logger.getLogger("").removeHandler(logCapture);
        clock.reset();
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(TestTokens.forUser(user, "org-acme")).contentType("application/json");
    }

    static String invite(String user, String name) {
        return as(user).body("{\"displayName\":\"%s\"}".formatted(name)).post("/api/v1/rituals/invitations")
                .then().statusCode(201)
                .body("code", matchesPattern("[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}"))
                .body("expiresAt", notNullValue())
                .extract().path("code");
    }

    static ValidatableResponse accept(String user, String name, String code) {
        return as(user).body("{\"displayName\":\"%s\"}".formatted(name)).post("/api/v1/rituals/invitations/" + code + "/accept").then();
    }

    static String ritual(String occurredAt, String zone, String text, boolean share) {
        return """
                {"practice":"RITUAL_OF_OPENNESS","occurredAt":"%s","timeZone":"%s","kind":"GRATITUDE","text":"%s","shareWithPartner":%s}"""
                .formatted(occurredAt, zone, text, share);
    }

    static void pair(String one, String other) {
        accept(other, "Partner of " + one.substring(0, 3), invite(one, "Partner of " + other.substring(0, 3))).statusCode(200);
    }

    @Test
    void berlinAndNewYorkShareANightAcrossTheirMidnightsAndSeeEachOtherOnlyOnceBothShared() {
        String berlin = "ber-" + UUID.randomUUID();
        String newYork = "nyc-" + UUID.randomUUID();
        String code = invite(berlin, BERLIN_NAME);
        as(berlin).body("{\"displayName\":\"x\"}").post("/api/v1/rituals/invitations").then().statusCode(201); // a second open code
        // Typed in lower case without the dash: still the code.
        accept(newYork, NEW_YORK_NAME, code.toLowerCase().replace("-", "")).statusCode(200)
                .body("displayName", equalTo(BERLIN_NAME)).body("pairedSince", notNullValue());
        as(berlin).get("/api/v1/rituals/partner").then().statusCode(200)
                .body("displayName", equalTo(NEW_YORK_NAME))
                .body(not(containsString(newYork)));

        // 00:30 in Berlin on the 25th: the ritual of the night of the 24th (the day starts at 04:00).
        clock.set(Instant.parse("2026-11-24T23:31:00Z"));
        String berlinEntry = as(berlin).body(ritual("2026-11-25T00:30:00+01:00", "Europe/Berlin", BERLIN_TEXT, true))
                .post("/api/v1/entries").then().statusCode(201)
                .body("ritualNight", equalTo("2026-11-24")).body("shareWithPartner", equalTo(true))
                .extract().path("id");
        // New York is in the evening of the 24th: it learns that Berlin has written, not what.
        as(newYork).queryParam("timeZone", "America/New_York").get("/api/v1/rituals/tonight").then().statusCode(200)
                .body("night", equalTo("2026-11-24"))
                .body("partner.state", equalTo("WRITTEN"))
                .body("partner.entries", nullValue())
                .body(not(containsString("Ottoline")));
        as(berlin).queryParam("timeZone", "Europe/Berlin").get("/api/v1/rituals/tonight").then().statusCode(200)
                .body("night", equalTo("2026-11-24"))
                .body("mine.text", contains(BERLIN_TEXT))
                .body("partner.state", equalTo("NOTHING_YET"));

        // 00:15 in New York on the 25th (already morning in Berlin): first a private ritual, then a shared one.
        clock.set(Instant.parse("2026-11-25T05:10:00Z"));
        as(newYork).body(ritual("2026-11-25T00:05:00-05:00", "America/New_York", NEW_YORK_PRIVATE, false))
                .post("/api/v1/entries").then().statusCode(201).body("ritualNight", equalTo("2026-11-24")).body("shareWithPartner", equalTo(false));
        as(berlin).get("/api/v1/rituals/history").then().statusCode(200)
                .body("items[0].night", equalTo("2026-11-24"))
                .body("items[0].partner.state", equalTo("NOTHING_YET"))
                .body(not(containsString("Quillon")));
        clock.set(Instant.parse("2026-11-25T05:16:00Z"));
        as(newYork).body(ritual("2026-11-25T00:15:00-05:00", "America/New_York", NEW_YORK_TEXT, true))
                .post("/api/v1/entries").then().statusCode(201).body("ritualNight", equalTo("2026-11-24"));

        // Both shared for the 24th: revealed to both, each in their own view; the private entry stays private.
        as(newYork).queryParam("timeZone", "America/New_York").get("/api/v1/rituals/tonight").then().statusCode(200)
                .body("night", equalTo("2026-11-24"))
                .body("partner.state", equalTo("REVEALED"))
                .body("partner.entries.text", contains(BERLIN_TEXT))
                .body("partner.entries.kind", contains("GRATITUDE"))
                .body("mine.text", contains(NEW_YORK_PRIVATE, NEW_YORK_TEXT));
        as(berlin).get("/api/v1/rituals/history").then().statusCode(200)
                .body("partnerName", equalTo(NEW_YORK_NAME))
                .body("items[0].night", equalTo("2026-11-24"))
                .body("items[0].partner.state", equalTo("REVEALED"))
                .body("items[0].partner.entries.text", contains(NEW_YORK_TEXT))
                .body(not(containsString("Quillon")));
        // Berlin's own "tonight" has moved on to the 25th; the reveal of the 24th stays in the history.
        as(berlin).queryParam("timeZone", "Europe/Berlin").get("/api/v1/rituals/tonight").then().statusCode(200)
                .body("night", equalTo("2026-11-25")).body("partner.state", equalTo("NOTHING_YET"));

        // Revising my shared entry changes what my partner sees; the reveal stays.
        as(berlin).header("If-Match", "\"1\"").body(ritual("2026-11-25T00:30:00+01:00", "Europe/Berlin", BERLIN_TEXT_REVISED, true))
                .put("/api/v1/entries/" + berlinEntry).then().statusCode(200);
        as(newYork).get("/api/v1/rituals/history").then().statusCode(200)
                .body("items[0].partner.entries.text", contains(BERLIN_TEXT_REVISED));

        // Nobody else reads anything: a third person, an org admin of the same organization, a bad id.
        String third = "third-" + UUID.randomUUID();
        String admin = "admin-" + UUID.randomUUID();
        for (var outsider : List.of(as(third), given().auth().oauth2(TestTokens.forUser(admin, "org-acme", "org-admin")))) {
            outsider.get("/api/v1/rituals/tonight").then().statusCode(404).contentType("application/problem+json");
        }
        for (String outsider : List.of(third, admin)) {
            as(outsider).get("/api/v1/rituals/history").then().statusCode(404);
            as(outsider).get("/api/v1/rituals/partner").then().statusCode(404);
            as(outsider).get("/api/v1/entries/" + berlinEntry).then().statusCode(404);
        }
        given().auth().oauth2(TestTokens.forUser(admin, "org-acme", "org-admin")).get("/api/v1/entries/" + berlinEntry).then().statusCode(404);
        given().get("/api/v1/rituals/tonight").then().statusCode(401);
        // A partner reads the ritual through the ritual views only, never the entry itself.
        as(newYork).get("/api/v1/entries/" + berlinEntry).then().statusCode(404);

        // Unpairing (by either, alone) hides the partner's text from both at once; each keeps their own.
        as(newYork).delete("/api/v1/rituals/partner").then().statusCode(204);
        for (String former : List.of(berlin, newYork)) {
            as(former).get("/api/v1/rituals/partner").then().statusCode(404);
            as(former).get("/api/v1/rituals/tonight").then().statusCode(404);
            as(former).get("/api/v1/rituals/history").then().statusCode(404);
        }
        as(berlin).get("/api/v1/entries/" + berlinEntry).then().statusCode(200).body("text", equalTo(BERLIN_TEXT_REVISED));
        as(newYork).get("/api/v1/entries").then().statusCode(200).body("items.text", hasItem(NEW_YORK_TEXT));
        as(newYork).delete("/api/v1/rituals/partner").then().statusCode(404);

        // Kafka: the facts for each person, keyed by them, no organization, and never a text or a name.
        var berlinEvents = TestKafka.eventsOf(Topics.JOURNAL_ENTRY_EVENTS, berlin, e -> e.payload() instanceof PartnershipEnded, Duration.ofSeconds(30));
        var newYorkEvents = TestKafka.eventsOf(Topics.JOURNAL_ENTRY_EVENTS, newYork, e -> e.payload() instanceof PartnershipEnded, Duration.ofSeconds(30));
        var formed = (PartnershipFormed) berlinEvents.stream().filter(e -> e.payload() instanceof PartnershipFormed).findFirst().orElseThrow().payload();
        assertEquals(newYork, formed.partnerUserId());
        assertTrue(newYorkEvents.stream().anyMatch(e -> e.payload() instanceof PartnershipFormed f && f.pairId().equals(formed.pairId())
                && f.partnerUserId().equals(berlin)));
        assertEquals(1, newYorkEvents.stream().filter(e -> e.payload() instanceof PartnerSharedRitual s
                && s.night().toString().equals("2026-11-24")).count(), "told once that Berlin shared");
        assertEquals(1, berlinEvents.stream().filter(e -> e.payload() instanceof PartnerSharedRitual).count(), "told once that New York shared");
        for (var events : List.of(berlinEvents, newYorkEvents)) {
            assertEquals(1, events.stream().filter(e -> e.payload() instanceof RitualRevealed r && r.night().toString().equals("2026-11-24")).count());
            assertTrue(events.stream().anyMatch(e -> e.payload() instanceof PartnershipEnded end && end.pairId().equals(formed.pairId())));
            events.stream().filter(e -> e.payload() instanceof PartnershipFormed || e.payload() instanceof RitualRevealed)
                    .forEach(e -> assertEquals(null, e.orgId()));
        }
        List<ConsumerRecord<String, byte[]>> everything = TestKafka.readToEnd(Topics.JOURNAL_ENTRY_EVENTS);
        String topicBytes = String.join("\n", everything.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
        assertTrue(topicBytes.contains(formed.pairId().toString()), "read the records of this test");
        for (String secret : List.of("Ottoline", "Brambleworth", "Quillon", "Ravensholt", "Tidewhistle")) {
            assertFalse(topicBytes.contains(secret), "on Kafka: " + secret);
        }
        assertNoLogLineContains("Ottoline", "Brambleworth", "Quillon", "Ravensholt", "Tidewhistle");
    }

    @Test
    void deletingMySharedEntryRemovesItFromMyPartnersView() {
        String a = "del-a-" + UUID.randomUUID();
        String b = "del-b-" + UUID.randomUUID();
        pair(a, b);
        clock.set(Instant.parse("2026-11-24T20:00:00Z"));
        String mine = as(a).body(ritual("2026-11-24T21:00:00+01:00", "Europe/Berlin", "Ottoline shared then gone", true))
                .post("/api/v1/entries").then().statusCode(201).extract().path("id");
        as(b).body(ritual("2026-11-24T21:05:00+01:00", "Europe/Berlin", "Brambleworth stays", true)).post("/api/v1/entries").then().statusCode(201);
        as(b).queryParam("timeZone", "Europe/Berlin").get("/api/v1/rituals/tonight").then()
                .body("partner.state", equalTo("REVEALED")).body("partner.entries.text", contains("Ottoline shared then gone"));
        as(a).delete("/api/v1/entries/" + mine).then().statusCode(204);
        // The reveal does not vanish on its own (b still sees it was revealed), but my deleted text is gone.
        as(b).queryParam("timeZone", "Europe/Berlin").get("/api/v1/rituals/tonight").then()
                .body("partner.state", equalTo("REVEALED")).body("partner.entries", empty());
        as(a).queryParam("timeZone", "Europe/Berlin").get("/api/v1/rituals/tonight").then()
                .body("partner.entries.text", contains("Brambleworth stays"));
    }

    @Test
    void historyPagesThroughNightsNewestFirst() {
        String a = "hist-a-" + UUID.randomUUID();
        String b = "hist-b-" + UUID.randomUUID();
        pair(a, b);
        for (String day : List.of("2026-11-20", "2026-11-21", "2026-11-22")) {
            as(a).body(ritual(day + "T21:00:00+01:00", "Europe/Berlin", "night " + day, true)).post("/api/v1/entries").then().statusCode(201);
        }
        String cursor = as(b).queryParam("limit", 2).get("/api/v1/rituals/history").then().statusCode(200)
                .body("items.night", contains("2026-11-22", "2026-11-21"))
                .body("items.partner.state", contains("WRITTEN", "WRITTEN"))
                .body("nextCursor", notNullValue()).extract().path("nextCursor");
        as(b).queryParam("limit", 2).queryParam("cursor", cursor).get("/api/v1/rituals/history").then().statusCode(200)
                .body("items.night", contains("2026-11-20")).body("nextCursor", nullValue());
        as(b).queryParam("cursor", "not-a-cursor").get("/api/v1/rituals/history").then().statusCode(400).body("errors.field", hasItem("cursor"));
        as(b).queryParam("limit", 0).get("/api/v1/rituals/history").then().statusCode(400).body("errors.field", hasItem("limit"));
        as(b).queryParam("timeZone", "Nowhere/Land").get("/api/v1/rituals/tonight").then().statusCode(400).body("errors.field", hasItem("timeZone"));
    }

    @Test
    void invitingEachOtherPairsOnceWhicheverIsAccepted() {
        String a = "mut-a-" + UUID.randomUUID();
        String b = "mut-b-" + UUID.randomUUID();
        String c = "mut-c-" + UUID.randomUUID();
        String codeOfA = invite(a, "Ari");
        String codeOfB = invite(b, "Bo");
        accept(b, "Bo", codeOfA).statusCode(200).body("displayName", equalTo("Ari"));
        // A accepts B's invitation afterwards: they are already partners, so that is simply the answer.
        accept(a, "Ari", codeOfB).statusCode(200).body("displayName", equalTo("Bo"));
        as(a).get("/api/v1/rituals/partner").then().statusCode(200).body("displayName", equalTo("Bo"));
        // Nobody else can use either code now.
        accept(c, "Cy", codeOfB).statusCode(410).contentType("application/problem+json")
                .body("type", endsWith("/invitation-cancelled")).body("errors.field", hasItem("code"));
        accept(c, "Cy", codeOfA).statusCode(409).body("type", endsWith("/invitation-used"));
        // One partner at a time.
        as(a).body("{\"displayName\":\"Ari\"}").post("/api/v1/rituals/invitations").then().statusCode(409).body("type", endsWith("/already-paired"));
        accept(a, "Ari", invite(c, "Cy")).statusCode(409).body("type", endsWith("/already-paired"));
    }

    @Test
    void ownUsedExpiredAndUnknownCodesAreClearProblems() {
        String a = "code-a-" + UUID.randomUUID();
        String b = "code-b-" + UUID.randomUUID();
        String c = "code-c-" + UUID.randomUUID();
        String code = invite(a, "Ari");
        accept(a, "Ari", code).statusCode(422).contentType("application/problem+json").body("type", endsWith("/own-invitation"));
        accept(b, "Bo", "ZZZZ-ZZZZ").statusCode(404).body("type", endsWith("/invitation-unknown")).body("errors.field", hasItem("code"));
        accept(b, "Bo", "not a code at all").statusCode(404).body("type", endsWith("/invitation-unknown"));
        accept(b, "", code).statusCode(400).body("errors.field", hasItem("displayName"));
        accept(b, "Bo", code).statusCode(200);
        accept(c, "Cy", code).statusCode(409).body("type", endsWith("/invitation-used"));

        String d = "code-d-" + UUID.randomUUID();
        clock.set(Instant.now());
        String expiring = invite(d, "Di");
        clock.set(Instant.now().plus(Duration.ofHours(24)).plusSeconds(1));
        accept(c, "Cy", expiring).statusCode(410).body("type", endsWith("/invitation-expired"));
    }

    @Test
    void guessingCodesIsSlowedPerPerson() {
        String guesser = "guess-" + UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            accept(guesser, "G", "ZZZZ-ZZZ" + (char) ('2' + i % 8)).statusCode(404);
        }
        accept(guesser, "G", "ZZZZ-ZZZZ").statusCode(429).contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
        // Even a real code waits: the attempt is counted before the code is looked at.
        accept(guesser, "G", invite("host-" + UUID.randomUUID(), "H")).statusCode(429);
        // Someone else is not slowed by this person's guessing.
        accept("other-" + UUID.randomUUID(), "O", "ZZZZ-ZZZZ").statusCode(404);
    }

    @Test
    void sharingNeedsAPartnerAndARitual() {
        String alone = "alone-" + UUID.randomUUID();
        as(alone).body(ritual("2026-11-24T21:00:00+01:00", "Europe/Berlin", "just me", true)).post("/api/v1/entries")
                .then().statusCode(409).body("type", endsWith("/no-ritual-partner")).body("errors.field", hasItem("shareWithPartner"));
        as(alone).get("/api/v1/entries").then().body("items", empty()); // nothing was written
        as(alone).body("""
                {"practice":"BODY_ANCHOR","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","breaths":4,"shareWithPartner":true}""")
                .post("/api/v1/entries").then().statusCode(400).body("errors.field", hasItem("shareWithPartner"));
    }

    @Test
    void erasureEndsThePartnershipAndThePartnerLearnsOnlyThatItEnded() {
        String leaving = "erase-" + UUID.randomUUID();
        String staying = "stay-" + UUID.randomUUID();
        pair(leaving, staying);
        as(leaving).body(ritual("2026-11-24T21:00:00+01:00", "Europe/Berlin", "Ottoline before leaving", true)).post("/api/v1/entries").then().statusCode(201);
        as(leaving).delete("/api/v1/me").then().statusCode(204);
        as(staying).get("/api/v1/rituals/partner").then().statusCode(404);
        as(staying).get("/api/v1/rituals/history").then().statusCode(404);
        var events = TestKafka.eventsOf(Topics.JOURNAL_ENTRY_EVENTS, staying, e -> e.payload() instanceof PartnershipEnded, Duration.ofSeconds(30));
        var ended = events.get(events.size() - 1);
        assertTrue(ended.payload() instanceof PartnershipEnded);
        assertFalse(EventJson.encodeToString(ended).contains(leaving), "the partner's event does not name the erased person");
        // The staying person can pair again.
        pair(staying, "new-" + UUID.randomUUID());
    }

    private void assertNoLogLineContains(String... secrets) {
        // The capture sees the service's logs (same JVM, same log manager): a canary proves it is attached.
        org.jboss.logging.Logger.getLogger(RitualPartnershipTest.class).info("log-capture-canary");
        synchronized (logLines) {
            assertTrue(logLines.stream().anyMatch(l -> l.contains("log-capture-canary")), "the log capture works");
            for (String line : logLines) {
                for (String secret : secrets) {
                    assertFalse(line.contains(secret), "in a log line: " + secret);
                }
            }
        }
    }
}
