package app.openly.insights.ritual;

import app.openly.events.EventEnvelope;
import app.openly.events.EventPayload;
import app.openly.events.PartnershipEnded;
import app.openly.events.PartnershipFormed;
import app.openly.events.Practice;
import app.openly.events.RitualRevealed;
import app.openly.events.Topics;
import app.openly.insights.InsightsTestInfrastructure;
import app.openly.testsupport.TestClock;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shared streak of a Berlin + New York pair over the real broker and PostgreSQL (issue 12): nights both
 * shared count with the personal streaks' grace and pauses, the weekly summary mentions it warmly, and it is
 * gone when the partnership ends or a partner is erased.
 */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class SharedStreakTest {

    private static final String BERLIN = "Europe/Berlin";
    private static final String NEW_YORK = "America/New_York";

    @Inject
    TestClock clock;
    @Inject
    AgroalDataSource dataSource;

    private record Pair(String berlin, String newYork, UUID pairId) {
    }

    @AfterEach
    void runningClockAgain() {
        clock.reset();
    }

    private static EventEnvelope fact(String user, EventPayload payload) {
        return EventEnvelope.of(UUID.randomUUID(), Instant.parse("2026-11-27T07:00:00Z"), user, null, payload);
    }

    private static ValidatableResponse streaks(String user) {
        return given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/insights/streaks").then().statusCode(200);
    }

    /** A Berlin and a New York person (their zones from a ritual entry each), paired; Friday 27 November 2026, noon in Berlin. */
    private Pair pair() {
        clock.set(LocalDateTime.parse("2026-11-27T12:00").atZone(ZoneId.of(BERLIN)).toInstant());
        Pair pair = new Pair("sb-" + UUID.randomUUID(), "sn-" + UUID.randomUUID(), UUID.randomUUID());
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(pair.berlin(), Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse("2026-11-20T21:30:00"), BERLIN));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(pair.newYork(), Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse("2026-11-20T16:30:00"), NEW_YORK));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(pair.berlin(), new PartnershipFormed(pair.pairId(), pair.newYork())));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(pair.newYork(), new PartnershipFormed(pair.pairId(), pair.berlin())));
        return pair;
    }

    /** Both shared on these nights: journal-service tells each of the two. */
    private static void revealed(Pair pair, String... nights) {
        for (String night : nights) {
            for (String user : List.of(pair.berlin(), pair.newYork())) {
                TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(user, new RitualRevealed(pair.pairId(), LocalDate.parse(night))));
            }
        }
    }

    private static void eventually(Runnable assertion) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(assertion::run);
    }

    @Test
    void nightsBothSharedMakeAStreakThatSurvivesAGraceNightAndTheWeekSaysSoWarmly() throws Exception {
        Pair pair = pair();
        // Nothing shared yet, but a partner: a streak of nothing, and the weekly words that the ritual waits.
        eventually(() -> streaks(pair.berlin()).body("shared.current", equalTo(0)));
        given().auth().oauth2(TestTokens.forUser(pair.berlin())).get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200)
                .body("summary.highlights", hasItem("Your shared ritual is there for you both, whenever it feels right."));

        // 22, 23, 24, (25 not: one night in seven is forgiven), 26; tonight (27) is not over and breaks nothing.
        revealed(pair, "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-26");
        for (String user : List.of(pair.berlin(), pair.newYork())) {
            eventually(() -> streaks(user).body("shared.current", equalTo(4)).body("shared.longest", equalTo(4))
                    .body("shared.lastNight", equalTo("2026-11-26")));
        }
        // A redelivered fact is one night, not two.
        EventEnvelope again = fact(pair.berlin(), new RitualRevealed(pair.pairId(), LocalDate.parse("2026-11-26")));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, again);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, again);
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(pair.berlin(), Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-27T08:00:00"), BERLIN));
        eventually(() -> streaks(pair.berlin()).body("streaks.find { it.practice == 'BODY_ANCHOR' }.current", equalTo(1)));
        streaks(pair.berlin()).body("shared.current", equalTo(4));

        // The week of 23 November: three shared evenings (23, 24, 26) and the streak, in warm words.
        given().auth().oauth2(TestTokens.forUser(pair.newYork())).get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200)
                .body("summary.highlights", hasItem("You and your partner opened up to each other on 3 evenings this week. "
                        + "Together you have kept 4 nights in a row, with room for a rest day."));

        // Unpairing: the one who was told no longer has a shared streak; the other once told too; an erasure leaves nothing.
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(pair.berlin(), new PartnershipEnded(pair.pairId())));
        eventually(() -> streaks(pair.berlin()).body("shared", nullValue()));
        given().auth().oauth2(TestTokens.forUser(pair.berlin())).get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200)
                .body("summary.highlights", not(hasItem(org.hamcrest.Matchers.containsString("partner"))));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.erased(pair.berlin()));
        eventually(() -> streaks(pair.newYork()).body("shared", nullValue()));
        assertEquals(0, rowsNaming(pair.berlin()));
        assertEquals(0, rowsNaming(pair.newYork()), "the partner keeps nothing of the erased person's ritual");
    }

    @Test
    void aNightEitherPartnerPausedRestsTheSharedStreak() {
        Pair pair = pair();
        // 21, 22, 23, then 24 and 25 without: two nights in seven are more than the one forgiven.
        revealed(pair, "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-26");
        eventually(() -> streaks(pair.berlin()).body("shared.current", equalTo(1)).body("shared.longest", equalTo(3)));
        // New York paused the 24th: for both of them it neither counts nor breaks.
        given().auth().oauth2(TestTokens.forUser(pair.newYork())).contentType("application/json").body("{\"days\":[\"2026-11-24\"]}")
                .put("/api/v1/insights/pauses").then().statusCode(200);
        streaks(pair.berlin()).body("shared.current", equalTo(4));
        streaks(pair.newYork()).body("shared.current", equalTo(4));
        // Someone else sees no shared streak, and without a token nothing at all.
        streaks("other-" + UUID.randomUUID()).body("shared", nullValue());
        given().get("/api/v1/insights/streaks").then().statusCode(401);
    }

    private long rowsNaming(String user) throws Exception {
        try (var c = dataSource.getConnection();
             var s = c.prepareStatement("""
                     select (select count(*) from ritual_partnership where user_id = ? or partner_user_id = ?)
                          + (select count(*) from shared_ritual_night where user_id = ?)""")) {
            s.setString(1, user);
            s.setString(2, user);
            s.setString(3, user);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
