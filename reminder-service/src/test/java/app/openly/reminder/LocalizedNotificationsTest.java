package app.openly.reminder;

import app.openly.events.EventEnvelope;
import app.openly.events.EventPayload;
import app.openly.events.PartnerSharedRitual;
import app.openly.events.PartnershipFormed;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.reminder.domain.ritual.PartnerNudges;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import app.openly.testsupport.push.PushServiceStandIn;
import app.openly.testsupport.push.PushServiceStandIn.Received;
import com.fasterxml.jackson.databind.JsonNode;
import app.openly.reminder.notifications.PushDeliveryFixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What reaches a person's device is in their language (issue 14), over the real broker, PostgreSQL and the push-service
 * stand-in (the payload decrypted as the browser would): a German person's partner nudge and ritual reminder, a French
 * person's test notification, and the German delivery note of the reminder history next to its stable code.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class LocalizedNotificationsTest extends PushDeliveryFixture {

    private static final String BERLIN = "Europe/Berlin";

    @Inject
    PartnerNudges nudges;

    private static EventEnvelope fact(String user, EventPayload payload) {
        return EventEnvelope.of(UUID.randomUUID(), Instant.parse("2026-11-24T12:00:00Z"), user, null, payload);
    }

    private static String kind(Received r) {
        try {
            return JSON.readTree(r.plaintext()).get("kind").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PushServiceStandIn.Subscription browserOf(String user) {
        PushServiceStandIn.Subscription browser = push.subscribe();
        registerBrowser(user, browser);
        return browser;
    }

    /** A Berlin person who chose German, with a ritual window 15:00–18:00, paired with someone (applied at noon). */
    private void germanRitualPerson(String user, UUID pairId) {
        clock.set(berlin("2026-11-24T12:00"));
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").body("""
                        {"locale":"de","timeZone":"Europe/Berlin","followEntryTimeZone":false,
                         "practices":{"RITUAL_OF_OPENNESS":{"start":"15:00","end":"18:00"}},
                         "days":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"],
                         "quietHours":{"start":"23:00","end":"07:00"},"dailyCap":2}""")
                .put("/api/v1/reminders/preferences").then().statusCode(200).body("locale", equalTo("de"));
        String partner = "lp-" + UUID.randomUUID();
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(user, new PartnershipFormed(pairId, partner)));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(partner, new PartnershipFormed(pairId, user)));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from ritual_partnership where user_id in (?, ?)", user, partner) == 2);
    }

    /** A marker entry of the person, applied after everything published before it. */
    private static void applied(String user, String marker) {
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T" + marker), BERLIN));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.forUser(user))
                .get("/api/v1/reminders/activity").then().body("find { it.practice == 'BODY_ANCHOR' }.lastLocalTime", equalTo(marker)));
    }

    @Test
    void aGermanPersonsPartnerNudgeArrivesInGerman() throws Exception {
        String user = "lde-" + UUID.randomUUID();
        UUID pairId = UUID.randomUUID();
        germanRitualPerson(user, pairId);
        var browser = browserOf(user);
        // Tonight's reminder (15:00) went out; at 16:40 the partner shares: the nudge comes, in German.
        clock.set(berlin("2026-11-24T16:40"));
        scheduler.runOnce(berlin("2026-11-24T16:40"));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(user, new PartnerSharedRitual(pairId, LocalDate.parse("2026-11-24"))));
        applied(user, "16:41:00");
        nudges.sendQueued(clock.instant());

        Received nudge = push.awaitDelivered(browser, r -> kind(r).equals("partner-nudge"), Duration.ofSeconds(20));
        JsonNode shown = JSON.readTree(nudge.plaintext());
        assertEquals("Dein Ritual-Gegenüber hat heute Abend schon geteilt. Wenn es sich stimmig anfühlt, kann deins dazukommen.",
                shown.get("body").asText());
        // The ritual reminder that went out at 15:00 was German too (the template, as the device shows it).
        Received reminder = push.awaitDelivered(browser, r -> kind(r).equals("reminder"), Duration.ofSeconds(20));
        assertEquals("Ein ruhiger Moment für dein Ritual der Offenheit, wann immer es sich richtig anfühlt.",
                JSON.readTree(reminder.plaintext()).get("body").asText());
    }

    @Test
    void whileTheGermanReminderIsStillToComeItSaysInGermanThatThePartnerShared() throws Exception {
        String user = "ldr-" + UUID.randomUUID();
        UUID pairId = UUID.randomUUID();
        germanRitualPerson(user, pairId);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(user, new PartnerSharedRitual(pairId, LocalDate.parse("2026-11-24"))));
        applied(user, "11:00:00");
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/next").then().statusCode(200)
                .body("reminders.find { it.practice == 'RITUAL_OF_OPENNESS' && it.localDate == '2026-11-24' }.message",
                        equalTo("Dein Ritual-Gegenüber hat heute Abend schon geteilt. Auch deins ist willkommen, wann immer es sich stimmig anfühlt."))
                .body("reminders.find { it.practice == 'RITUAL_OF_OPENNESS' && it.localDate == '2026-11-24' }.reason",
                        equalTo("Zu Beginn deines Zeitfensters für diese Übung (15:00)."))
                .body("reminders.find { it.practice == 'RITUAL_OF_OPENNESS' && it.localDate == '2026-11-24' }.reasonCodes",
                        equalTo(java.util.List.of("WINDOW_START")));
    }

    @Test
    void aFrenchPersonsTestNotificationIsFrench() throws Exception {
        String user = "lfr-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/merge-patch+json").body("{\"locale\":\"fr\"}")
                .patch("/api/v1/reminders/preferences").then().statusCode(200).body("locale", equalTo("fr"));
        var browser = browserOf(user);
        given().auth().oauth2(TestTokens.forUser(user)).post("/api/v1/notifications/test").then().statusCode(200)
                .body("results.outcome", equalTo(java.util.List.of("SENT")));
        JsonNode shown = JSON.readTree(push.awaitDelivered(browser, r -> true, Duration.ofSeconds(10)).plaintext());
        assertEquals("test", shown.get("kind").asText());
        assertEquals("Voici à quoi ressembleront tes rappels : doux, et seulement quand tu le souhaites.", shown.get("body").asText());
    }

    @Test
    void theHistorySaysInGermanWhyAReminderWasNotDeliveredNextToItsCode() {
        String user = "ldh-" + UUID.randomUUID();
        clock.set(berlin("2026-11-24T06:00"));
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").body("""
                        {"locale":"de","timeZone":"Europe/Berlin","followEntryTimeZone":false,"practices":{"BODY_ANCHOR":{"start":"07:30","end":"09:30"}},
                         "days":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"],"dailyCap":10}""")
                .put("/api/v1/reminders/preferences").then().statusCode(200);
        clock.set(berlin("2026-11-24T09:31"));
        scheduler.runOnce(berlin("2026-11-24T09:31"));
        // No browser, no phone: nothing could carry it.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.forUser(user))
                .get("/api/v1/reminders/history").then().statusCode(200)
                .body("reminders[0].delivery", equalTo("nicht zugestellt: kein aktiver Kanal"))
                .body("reminders[0].deliveryCode", equalTo("NO_ACTIVE_CHANNEL")));
    }
}
