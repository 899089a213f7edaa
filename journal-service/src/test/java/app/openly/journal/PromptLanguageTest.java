package app.openly.journal;

import app.openly.events.EventEnvelope;
import app.openly.events.LanguageChosen;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.journal.domain.Prompts;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestRows;
import app.openly.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daily prompt in the person's own language (issue 14), over the real broker and PostgreSQL: journal learns the
 * language from reminder-service's LanguageChosen fact on reminders.due (by event, never by calling), once per event,
 * an older fact never overriding a newer one, and forgets it when the person is erased.
 */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class PromptLanguageTest {

    private static final Instant CHOSEN = Instant.parse("2026-12-01T08:00:00Z");

    @Inject
    AgroalDataSource dataSource;

    private static ValidatableResponse todaysPrompt(String user) {
        return given().auth().oauth2(TestTokens.forUser(user)).queryParam("practice", "BODY_ANCHOR").queryParam("timeZone", "Europe/Berlin")
                .get("/api/v1/prompts/today").then().statusCode(200).body("practice", equalTo("BODY_ANCHOR"));
    }

    private static EventEnvelope chosen(UUID id, Instant at, String user, String locale) {
        return EventEnvelope.of(id, at, user, null, new LanguageChosen(locale));
    }

    @Test
    void aGermanLanguageChosenMakesTheDailyPromptGermanUntilThePersonIsErased() throws Exception {
        String user = "pl-" + UUID.randomUUID();
        // Nothing announced yet: English.
        int place = todaysPrompt(user).body("locale", equalTo("en")).extract().path("promptNumber");
        String english = Prompts.text(Practice.BODY_ANCHOR, place, Locale.ENGLISH);
        String german = Prompts.text(Practice.BODY_ANCHOR, place, Locale.GERMAN);
        todaysPrompt(user).body("prompt", equalTo(english));
        assertFalse(english.equals(german));

        UUID germanFact = UUID.randomUUID();
        TestKafka.publish(Topics.REMINDERS_DUE, chosen(germanFact, CHOSEN, user, "de"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> todaysPrompt(user)
                .body("locale", equalTo("de")).body("prompt", equalTo(german)).body("promptNumber", equalTo(place)));

        // An older choice arriving late changes nothing (its place in the ledger shows it was read).
        UUID olderFact = UUID.randomUUID();
        TestKafka.publish(Topics.REMINDERS_DUE, chosen(olderFact, CHOSEN.minusSeconds(3600), user, "fr"));
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(olderFact));
        todaysPrompt(user).body("locale", equalTo("de")).body("prompt", equalTo(german));

        // Erasure forgets the language (the personal-data catalogue finds the table by its user_id) ...
        given().auth().oauth2(TestTokens.forUser(user)).delete("/api/v1/me").then().statusCode(204);
        assertEquals(0, localeRows(user));
        todaysPrompt(user).body("locale", equalTo("en")).body("prompt", equalTo(english));
        // ... and the German fact redelivered afterwards does not bring it back: a fresh (older) French fact that
        // follows it on the person's partition is the one that counts, so the redelivery was skipped.
        TestKafka.publish(Topics.REMINDERS_DUE, chosen(germanFact, CHOSEN, user, "de"));
        TestKafka.publish(Topics.REMINDERS_DUE, chosen(UUID.randomUUID(), CHOSEN.minusSeconds(7200), user, "fr"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> todaysPrompt(user)
                .body("locale", equalTo("fr")).body("prompt", equalTo(Prompts.text(Practice.BODY_ANCHOR, place, Locale.FRENCH))));
    }

    @Test
    void aRecordThatIsNotAnEventIsDeadLetteredAndTheNextFactStillCounts() {
        String user = "pl-bad-" + UUID.randomUUID();
        TestKafka.publish(Topics.REMINDERS_DUE, user, "not an event".getBytes(StandardCharsets.UTF_8));
        TestKafka.publish(Topics.REMINDERS_DUE, chosen(UUID.randomUUID(), CHOSEN, user, "es"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> todaysPrompt(user).body("locale", equalTo("es")));
        assertTrue(TestKafka.readFromBeginning(Topics.dlq(Topics.REMINDERS_DUE), r -> user.equals(r.key()), Duration.ofSeconds(30))
                .stream().anyMatch(r -> user.equals(r.key())), "the poison record went to reminders.due.dlq");
    }

    private boolean processed(UUID eventId) throws Exception {
        return TestRows.number(dataSource, "select count(*) from processed_event where consumer = 'journal-service-languages' and event_id = ?",
                eventId) == 1;
    }

    private long localeRows(String user) throws Exception {
        return TestRows.number(dataSource, "select count(*) from journal_person_locale where user_id = ?", user);
    }
}
