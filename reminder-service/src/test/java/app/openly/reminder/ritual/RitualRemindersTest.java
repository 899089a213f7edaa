package app.openly.reminder.ritual;

import app.openly.events.EventEnvelope;
import app.openly.events.PartnerSharedRitual;
import app.openly.events.PartnershipEnded;
import app.openly.events.PartnershipFormed;
import app.openly.events.Practice;
import app.openly.events.ReminderDue;
import app.openly.events.RitualRevealed;
import app.openly.events.Topics;
import app.openly.reminder.ReminderTestInfrastructure;
import app.openly.reminder.domain.logic.Messages;
import app.openly.reminder.messaging.DueReminderScheduler;
import app.openly.testsupport.TestClock;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ritual partners over the real broker and PostgreSQL (issue 12): a Berlin + New York pair's ritual reminders
 * move to the moment both are in their evening and say so; unpairing or an erasure gives each their own time
 * back; a night the partner shared alone is mentioned, once; redelivered events change nothing.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class RitualRemindersTest {

    private static final String BERLIN = "Europe/Berlin";
    private static final String NEW_YORK = "America/New_York";
    private static final String RITUAL = "reminders.find { it.practice == 'RITUAL_OF_OPENNESS' && it.localDate == '%s' }.%s";

    @Inject
    TestClock clock;
    @Inject
    DueReminderScheduler scheduler;
    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void realTimeAgain() {
        clock.reset();
    }

    private record Pair(String berlin, String newYork, UUID pairId) {
    }

    private static Instant berlin(String local) {
        return LocalDateTime.parse(local).atZone(ZoneId.of(BERLIN)).toInstant();
    }

    private static void preferences(String user, String zone, String start, String end) {
        String body = """
                {"timeZone":"%s","followEntryTimeZone":false,"practices":{"RITUAL_OF_OPENNESS":{"start":"%s","end":"%s"}},
                 "days":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"],
                 "quietHours":{"start":"23:45","end":"07:00"},"dailyCap":2}""".formatted(zone, start, end);
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").body(body)
                .put("/api/v1/reminders/preferences").then().statusCode(200);
    }

    private static JsonPath next(String user) {
        return given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/next").then().statusCode(200).extract().jsonPath();
    }

    private static String ritual(String user, String date, String field) {
        return next(user).getString(RITUAL.formatted(date, field));
    }

    private static void habit(String user, String zone, String time) {
        for (String day : List.of("2026-11-21", "2026-11-22", "2026-11-23")) {
            TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                    TestEvents.recorded(user, Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse(day + "T" + time), zone));
        }
    }

    private static EventEnvelope fact(String user, app.openly.events.EventPayload payload) {
        return EventEnvelope.of(UUID.randomUUID(), Instant.parse("2026-11-24T07:00:00Z"), user, null, payload);
    }

    private static void eventually(Runnable assertion) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(assertion::run);
    }

    /**
     * Berlin 21:00–23:30 (habit 22:00) and New York 15:00–18:00 (habit 17:00): Berlin's evening is New York's
     * 15:00–17:30. Each on their own time first.
     */
    private Pair berlinAndNewYork(String berlinStart, String berlinEnd, String newYorkStart, String newYorkEnd) {
        clock.set(berlin("2026-11-24T08:00"));
        Pair pair = new Pair("rb-" + UUID.randomUUID(), "rn-" + UUID.randomUUID(), UUID.randomUUID());
        preferences(pair.berlin(), BERLIN, berlinStart, berlinEnd);
        preferences(pair.newYork(), NEW_YORK, newYorkStart, newYorkEnd);
        habit(pair.berlin(), BERLIN, "22:00:00");
        habit(pair.newYork(), NEW_YORK, "17:00:00");
        eventually(() -> {
            assertEquals("22:00:00", ritual(pair.berlin(), "2026-11-24", "localTime"));
            assertEquals("17:00:00", ritual(pair.newYork(), "2026-11-24", "localTime"));
        });
        return pair;
    }

    private static void pairUp(Pair pair) {
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(pair.berlin(), new PartnershipFormed(pair.pairId(), pair.newYork())));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(pair.newYork(), new PartnershipFormed(pair.pairId(), pair.berlin())));
    }

    private static void assertAligned(Pair pair) {
        eventually(() -> {
            assertEquals("22:30:00", ritual(pair.berlin(), "2026-11-24", "localTime"));
            assertEquals("16:30:00", ritual(pair.newYork(), "2026-11-24", "localTime"));
        });
    }

    private static void assertOwnTimes(Pair pair) {
        eventually(() -> {
            assertEquals("22:00:00", ritual(pair.berlin(), "2026-11-24", "localTime"));
            assertEquals("You usually reflect around 10:00 PM, so we moved this from 9:00 PM.", ritual(pair.berlin(), "2026-11-24", "reason"));
            assertEquals("17:00:00", ritual(pair.newYork(), "2026-11-24", "localTime"));
            assertEquals("You usually reflect around 5:00 PM, so we moved this from 3:00 PM.", ritual(pair.newYork(), "2026-11-24", "reason"));
        });
    }

    @Test
    void aBerlinAndNewYorkPairIsRemindedAtOneMomentInBothEveningsAndToldWhy() {
        Pair pair = berlinAndNewYork("21:00", "23:30", "15:00", "18:00");
        pairUp(pair);
        assertAligned(pair);
        var berlin = next(pair.berlin());
        var newYork = next(pair.newYork());
        // Times as English writes them (the German, Spanish and French reasons write 22:30).
        assertEquals("This comes at 10:30 PM so that you and your partner are both in your evening.",
                berlin.getString(RITUAL.formatted("2026-11-24", "reason")));
        assertEquals("This comes at 4:30 PM so that you and your partner are both in your evening.",
                newYork.getString(RITUAL.formatted("2026-11-24", "reason")));
        assertEquals(java.util.List.of("SHARED_EVENING"), berlin.getList(RITUAL.formatted("2026-11-24", "reasonCodes")));
        assertEquals(java.util.List.of("SHARED_EVENING"), newYork.getList(RITUAL.formatted("2026-11-24", "reasonCodes")));
        assertEquals(berlin.getString(RITUAL.formatted("2026-11-24", "at")), newYork.getString(RITUAL.formatted("2026-11-24", "at")),
                "one moment for both");
        assertEquals("22:30:00", berlin.getString(RITUAL.formatted("2026-11-25", "localTime")), "tomorrow too");

        // At that moment both reminders go out, each with one of the service's own templates and nothing else.
        scheduler.runOnce(berlin("2026-11-24T22:31"));
        for (String user : List.of(pair.berlin(), pair.newYork())) {
            var due = TestKafka.eventsOf(Topics.REMINDERS_DUE, user, e -> true, Duration.ofSeconds(20));
            assertEquals(1, due.size(), user);
            ReminderDue reminder = (ReminderDue) due.get(0).payload();
            assertEquals(berlin("2026-11-24T22:30"), reminder.dueAt());
            assertTrue(Messages.all().contains(reminder.message()), reminder.message());
        }
    }

    @Test
    void whenOnePartnerMovesTheirWindowAwayTheOtherGetsTheirOwnTimeBackAtOnce() {
        Pair pair = berlinAndNewYork("21:00", "23:30", "15:00", "18:00");
        pairUp(pair);
        assertAligned(pair);
        // Berlin's evening now ends at 20:30 (New York 14:30): the two no longer meet. Only Berlin re-plans.
        preferences(pair.berlin(), BERLIN, "19:00", "20:30");
        assertEquals("20:30:00", ritual(pair.berlin(), "2026-11-24", "localTime"));
        assertEquals("17:00:00", ritual(pair.newYork(), "2026-11-24", "localTime"));
        assertEquals("You usually reflect around 5:00 PM, so we moved this from 3:00 PM. " + Messages.NO_SHARED_EVENING,
                ritual(pair.newYork(), "2026-11-24", "reason"));
        // The same, as codes a client can word itself (the partner's moved reminder too).
        assertEquals(java.util.List.of("LEARNED_INSIDE", "NO_SHARED_EVENING"),
                next(pair.newYork()).getList(RITUAL.formatted("2026-11-24", "reasonCodes")));
    }

    @Test
    void eveningsThatDoNotMeetKeepEachOwnTimeAndSaySoKindly() {
        Pair pair = berlinAndNewYork("21:00", "22:30", "17:00", "18:00"); // New York 17:00–18:00 is Berlin 23:00–00:00
        pairUp(pair);
        eventually(() -> assertTrue(ritual(pair.berlin(), "2026-11-24", "reason").endsWith(Messages.NO_SHARED_EVENING)));
        eventually(() -> assertTrue(ritual(pair.newYork(), "2026-11-24", "reason").endsWith(Messages.NO_SHARED_EVENING)));
        assertEquals("22:00:00", ritual(pair.berlin(), "2026-11-24", "localTime"));
        assertEquals("17:00:00", ritual(pair.newYork(), "2026-11-24", "localTime"));
    }

    @Test
    void unpairingGivesEachTheirOwnTimeBackAndARedeliveredPairingChangesNothing() {
        Pair pair = berlinAndNewYork("21:00", "23:30", "15:00", "18:00");
        EventEnvelope formed = fact(pair.berlin(), new PartnershipFormed(pair.pairId(), pair.newYork()));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, formed);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(pair.newYork(), new PartnershipFormed(pair.pairId(), pair.berlin())));
        assertAligned(pair);

        // The partnership ended: the first of the two events already returns both to their own plan.
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(pair.berlin(), new PartnershipEnded(pair.pairId())));
        assertOwnTimes(pair);
        // The same PartnershipFormed delivered again (same event id) is applied once: they stay unpaired.
        // New York's row still names Berlin: applying it twice would pair them again.
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, formed);
        // A marker event of the same person behind the redelivery: once it is applied, so is everything before it.
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(pair.berlin(), Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T07:50:00"), BERLIN));
        eventually(() -> given().auth().oauth2(TestTokens.forUser(pair.berlin())).get("/api/v1/reminders/activity").then()
                .body("find { it.practice == 'BODY_ANCHOR' }.entriesSeen", org.hamcrest.Matchers.equalTo(1)));
        assertOwnTimes(pair);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(pair.newYork(), new PartnershipEnded(pair.pairId())));
        assertOwnTimes(pair);
    }

    @Test
    void theErasureOfEitherPartnerGivesTheOtherTheirOwnTimeBack() throws Exception {
        Pair pair = berlinAndNewYork("21:00", "23:30", "15:00", "18:00");
        pairUp(pair);
        assertAligned(pair);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.erased(pair.newYork()));
        eventually(() -> assertEquals("22:00:00", ritual(pair.berlin(), "2026-11-24", "localTime")));
        try (var c = dataSource.getConnection();
             var s = c.prepareStatement("select count(*) from ritual_partnership where user_id = ? or partner_user_id = ?")) {
            s.setString(1, pair.newYork());
            s.setString(2, pair.newYork());
            try (var rs = s.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getInt(1), "nothing names the erased person");
            }
        }
    }

    @Test
    void aNightThePartnerSharedAloneIsMentionedOnceGentlyUntilBothShared() {
        Pair pair = berlinAndNewYork("21:00", "23:30", "15:00", "18:00");
        pairUp(pair);
        assertAligned(pair);
        String usual = Messages.message(Practice.RITUAL_OF_OPENNESS);
        // Berlin shared tonight: New York's reminder of tonight (and only tonight's) says so.
        EventEnvelope shared = fact(pair.newYork(), new PartnerSharedRitual(pair.pairId(), LocalDate.parse("2026-11-24")));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, shared);
        eventually(() -> assertEquals(Messages.PARTNER_SHARED_TONIGHT, ritual(pair.newYork(), "2026-11-24", "message")));
        assertEquals(usual, ritual(pair.newYork(), "2026-11-25", "message"));
        assertEquals(usual, ritual(pair.berlin(), "2026-11-24", "message"), "the one who shared is not told");
        assertEquals("16:30:00", ritual(pair.newYork(), "2026-11-24", "localTime"), "still at the shared moment");

        // New York shared too (the night is revealed to both): nothing left to mention.
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(pair.newYork(), new RitualRevealed(pair.pairId(), LocalDate.parse("2026-11-24"))));
        eventually(() -> assertEquals(usual, ritual(pair.newYork(), "2026-11-24", "message")));
        // The same PartnerSharedRitual delivered again is applied once: the mention does not come back.
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, shared);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(pair.newYork(), Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T02:50:00"), NEW_YORK));
        eventually(() -> given().auth().oauth2(TestTokens.forUser(pair.newYork())).get("/api/v1/reminders/activity").then()
                .body("find { it.practice == 'BODY_ANCHOR' }.entriesSeen", org.hamcrest.Matchers.equalTo(1)));
        assertEquals(usual, ritual(pair.newYork(), "2026-11-24", "message"));
    }
}
