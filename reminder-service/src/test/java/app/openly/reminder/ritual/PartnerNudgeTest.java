package app.openly.reminder.ritual;

import app.openly.reminder.notifications.PushDeliveryFixture;
import app.openly.events.EventEnvelope;
import app.openly.events.EventPayload;
import app.openly.events.PartnerSharedRitual;
import app.openly.events.PartnershipFormed;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.reminder.ReminderTestInfrastructure;
import app.openly.reminder.domain.logic.Messages;
import app.openly.reminder.domain.ritual.PartnerNudges;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import app.openly.testsupport.push.PushServiceStandIn;
import app.openly.testsupport.push.PushServiceStandIn.Received;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The partner nudge over the real broker, PostgreSQL and a push-service stand-in (issue 12): when my partner shared
 * tonight and no ritual reminder of mine is still to come, one gentle nudge (the template, nothing of the partner),
 * at most once a night, never in quiet hours; while a reminder is still to come, the reminder says it instead.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class PartnerNudgeTest extends PushDeliveryFixture {

    private static final String NEW_YORK = "America/New_York";

    @Inject
    PartnerNudges nudges;

    private static Instant newYork(String local) {
        return at(NEW_YORK, local);
    }

    private static EventEnvelope fact(String user, EventPayload payload) {
        return EventEnvelope.of(UUID.randomUUID(), Instant.parse("2026-11-24T20:00:00Z"), user, null, payload);
    }

    /** A New York person with a ritual window 15:00–18:00 and these quiet hours, paired with someone, a browser registered. */
    private PushServiceStandIn.Subscription pairedInNewYork(String user, UUID pairId, String quietStart) {
        clock.set(newYork("2026-11-24T12:00"));
        preferences(user, """
                {"timeZone":"America/New_York","followEntryTimeZone":false,"practices":{"RITUAL_OF_OPENNESS":{"start":"15:00","end":"18:00"}},
                 "days":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"],
                 "quietHours":{"start":"%s","end":"07:00"},"dailyCap":2}""".formatted(quietStart));
        PushServiceStandIn.Subscription browser = push.subscribe();
        registerBrowser(user, browser);
        String partner = "np-" + UUID.randomUUID();
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(user, new PartnershipFormed(pairId, partner)));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(partner, new PartnershipFormed(pairId, user)));
        // Wait until both rows are applied (the pair's re-planning happens in the same transaction) while the clock
        // still says 12:00: applied later, at the test's 16:40, the re-plan would put tonight's reminder still ahead.
        await().atMost(Duration.ofSeconds(30)).until(() -> partnershipRows(user, partner) == 2);
        return browser;
    }

    /** Applied: a marker event of the same person behind everything published before it has been applied. */
    private static void applied(String user, String marker) {
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T" + marker), NEW_YORK));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.forUser(user))
                .get("/api/v1/reminders/activity").then().body("find { it.practice == 'BODY_ANCHOR' }.lastLocalTime", equalTo(marker)));
    }

    private static List<Received> nudgesTo(PushServiceStandIn.Subscription browser) {
        return push.delivered(browser).stream().filter(r -> kind(r).equals("partner-nudge")).toList();
    }

    private static String kind(Received r) {
        return shown(r).get("kind").asText();
    }

    private int partnershipRows(String user, String partner) throws Exception {
        try (var c = dataSource.getConnection();
             var s = c.prepareStatement("select count(*) from ritual_partnership where user_id in (?, ?)")) {
            s.setString(1, user);
            s.setString(2, partner);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private int nudgeRows(String user) throws Exception {
        return count("select count(*) from partner_nudge where user_id = ?", user);
    }

    @Test
    void afterTheNightsReminderWasSentThePartnersShareBringsOneGentleNudge() throws Exception {
        String user = "nn-" + UUID.randomUUID();
        UUID pairId = UUID.randomUUID();
        var browser = pairedInNewYork(user, pairId, "23:00");
        // Tonight's reminder (15:00) went out; at 16:40 the partner shares.
        clock.set(newYork("2026-11-24T16:40"));
        scheduler.runOnce(newYork("2026-11-24T16:40"));
        EventEnvelope shared = fact(user, new PartnerSharedRitual(pairId, LocalDate.parse("2026-11-24")));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, shared);
        applied(user, "16:41:00");
        nudges.sendQueued(clock.instant());

        Received nudge = push.awaitDelivered(browser, r -> kind(r).equals("partner-nudge"), Duration.ofSeconds(20));
        JsonNode shown = JSON.readTree(nudge.plaintext());
        assertEquals(Messages.PARTNER_NUDGE, shown.get("body").asText(), "the template, nothing of the partner");
        assertEquals("partner-nudge", nudge.header("Topic"));

        // The same fact delivered again, and another scan: still one nudge this night.
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, shared);
        applied(user, "16:42:00");
        nudges.sendQueued(clock.instant());
        assertEquals(1, nudgeRows(user));
        assertEquals(1, nudgesTo(browser).size());
    }

    @Test
    void inQuietHoursTheNudgeStaysUnsent() throws Exception {
        String user = "nq-" + UUID.randomUUID();
        UUID pairId = UUID.randomUUID();
        var browser = pairedInNewYork(user, pairId, "16:30"); // quiet from 16:30
        clock.set(newYork("2026-11-24T16:40"));
        scheduler.runOnce(newYork("2026-11-24T16:40"));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(user, new PartnerSharedRitual(pairId, LocalDate.parse("2026-11-24"))));
        applied(user, "16:41:00");
        assertEquals(1, nudgeRows(user));
        nudges.sendQueued(clock.instant());
        nudges.sendQueued(clock.instant());
        Thread.sleep(1000); // nothing is on its way: give a wrongly sent push time to arrive
        assertEquals(List.of(), nudgesTo(browser));
        try (var c = dataSource.getConnection();
             var s = c.prepareStatement("select status, detail from partner_nudge where user_id = ?")) {
            s.setString(1, user);
            try (var rs = s.executeQuery()) {
                rs.next();
                assertEquals("DROPPED quiet hours", rs.getString(1) + " " + rs.getString(2));
            }
        }
    }

    @Test
    void whileTheNightsReminderIsStillToComeItSaysSoAndNoNudgeIsQueued() throws Exception {
        String user = "nr-" + UUID.randomUUID();
        UUID pairId = UUID.randomUUID();
        pairedInNewYork(user, pairId, "23:00");
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(user, new PartnerSharedRitual(pairId, LocalDate.parse("2026-11-24"))));
        applied(user, "11:00:00");
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/next").then().statusCode(200)
                .body("reminders.find { it.practice == 'RITUAL_OF_OPENNESS' && it.localDate == '2026-11-24' }.message",
                        equalTo(Messages.PARTNER_SHARED_TONIGHT));
        assertEquals(0, nudgeRows(user));
    }
}
