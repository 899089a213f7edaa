package app.openly.reminder;

import app.openly.testsupport.TestClock;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.reminder.domain.logic.Messages;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** No force: a practice reminds only after the person chose it in their preferences or recorded it (issue 18). */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class ChosenPracticesTest {

    private static final String BERLIN = "Europe/Berlin";

    @Inject
    TestClock clock;

    @AfterEach
    void realTimeAgain() {
        clock.reset();
    }

    private static Instant berlin(String local) {
        return LocalDateTime.parse(local).atZone(ZoneId.of(BERLIN)).toInstant();
    }

    private static JsonPath next(String user) {
        return given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/next")
                .then().statusCode(200).extract().jsonPath();
    }

    private static Set<String> practicesIn(JsonPath next) {
        return new HashSet<>(next.getList("reminders.practice"));
    }

    private static Set<String> chosen(String user) {
        Map<String, Object> practices = given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/preferences")
                .then().statusCode(200).extract().jsonPath().getMap("practices");
        return practices.keySet();
    }

    /** Waits until the person's entries of these practices were applied (activity and schedule change in one transaction). */
    private static void awaitApplied(String user, String... practices) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(Set.of(practices), new HashSet<>(
                given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/activity")
                        .then().statusCode(200).extract().jsonPath().getList("practice"))));
    }

    @Test
    void aNewPersonHasNoRemindersAndAHintOfHowToTurnThemOn() {
        String user = "new-" + UUID.randomUUID();
        clock.set(berlin("2026-11-24T08:00"));
        JsonPath next = next(user);
        assertEquals(List.of(), next.getList("reminders"));
        assertEquals("NO_PRACTICE_CHOSEN", next.getString("hint.code"));
        assertEquals(Messages.NO_PRACTICE_CHOSEN, next.getString("hint.message"));
        assertEquals("/api/v1/reminders/preferences", next.getString("hint.preferences"));
        assertEquals(5, next.getMap("hint.suggestedWindows").size(), "every practice offered with a window");
        assertEquals("21:00:00", next.getString("hint.suggestedWindows.RITUAL_OF_OPENNESS.start"));
        assertEquals(Set.of(), chosen(user), "no practice is switched on for them");

        // Choosing one practice turns on that one, and only that one.
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/merge-patch+json")
                .body("{\"timeZone\":\"Europe/Berlin\",\"practices\":{\"HONEST_SENTENCE\":{\"start\":\"12:00\",\"end\":\"18:00\"}}}")
                .patch("/api/v1/reminders/preferences").then().statusCode(200);
        next = next(user);
        assertEquals(Set.of("HONEST_SENTENCE"), practicesIn(next));
        assertNull(next.get("hint"), "no hint once a practice is chosen");
    }

    @Test
    void recordingOnlyTheBodyAnchorAtNightRemindsOfTheBodyAnchorOnly() {
        String user = "body-" + UUID.randomUUID();
        clock.set(berlin("2026-11-24T22:00"));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T21:50:00"), BERLIN));
        awaitApplied(user, "BODY_ANCHOR");
        JsonPath next = next(user);
        assertEquals(Set.of("BODY_ANCHOR"), practicesIn(next), "no ritual at 22:00, no honest sentence at 12:00");
        assertNull(next.get("hint"));
        assertEquals(Set.of("BODY_ANCHOR"), chosen(user));
    }

    @Test
    void aPracticeTurnedOffStaysOffWhenItIsRecordedAgain() {
        String user = "off-" + UUID.randomUUID();
        clock.set(berlin("2026-11-24T06:00"));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-23T07:40:00"), BERLIN));
        awaitApplied(user, "BODY_ANCHOR");
        assertEquals(Set.of("BODY_ANCHOR"), chosen(user));
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/merge-patch+json")
                .body("{\"practices\":{\"BODY_ANCHOR\":null}}").patch("/api/v1/reminders/preferences").then().statusCode(200);

        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T05:50:00"), BERLIN));
        // A later event on the same key proves the one before it was applied.
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse("2026-11-24T05:55:00"), BERLIN));
        awaitApplied(user, "BODY_ANCHOR", "RITUAL_OF_OPENNESS");
        assertEquals(Set.of("RITUAL_OF_OPENNESS"), chosen(user), "the body anchor stays off");
        assertEquals(Set.of("RITUAL_OF_OPENNESS"), practicesIn(next(user)));
    }
}
