package app.openly.insights.ritual;

import app.openly.events.EventEnvelope;
import app.openly.events.EventPayload;
import app.openly.events.LanguageChosen;
import app.openly.events.PartnershipFormed;
import app.openly.events.Practice;
import app.openly.events.RitualRevealed;
import app.openly.events.Topics;
import app.openly.insights.InsightsTestInfrastructure;
import app.openly.testsupport.TestClock;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
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

/**
 * The weekly summary's shared-ritual line in each partner's own language (issue 14), over the real broker and
 * PostgreSQL: the language learned from reminder-service's LanguageChosen fact, the line last, with its stable code.
 */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class SharedRitualLanguageTest {

    private static final String BERLIN = "Europe/Berlin";
    private static final String NEW_YORK = "America/New_York";

    @Inject
    TestClock clock;

    @AfterEach
    void runningClockAgain() {
        clock.reset();
    }

    private static EventEnvelope fact(String user, EventPayload payload) {
        return EventEnvelope.of(UUID.randomUUID(), Instant.parse("2026-11-27T07:00:00Z"), user, null, payload);
    }

    private static ValidatableResponse week48(String user) {
        return given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200);
    }

    @Test
    void eachPartnerReadsTheSharedRitualLineInTheirOwnLanguage() {
        clock.set(LocalDateTime.parse("2026-11-27T12:00").atZone(ZoneId.of(BERLIN)).toInstant());
        String berlin = "slb-" + UUID.randomUUID();
        String newYork = "sln-" + UUID.randomUUID();
        UUID pairId = UUID.randomUUID();
        TestKafka.publish(Topics.REMINDERS_DUE, EventEnvelope.of(UUID.randomUUID(), Instant.now(), berlin, null, new LanguageChosen("de")));
        TestKafka.publish(Topics.REMINDERS_DUE, EventEnvelope.of(UUID.randomUUID(), Instant.now(), newYork, null, new LanguageChosen("fr")));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(berlin, Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse("2026-11-20T21:30:00"), BERLIN));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(newYork, Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse("2026-11-20T16:30:00"), NEW_YORK));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(berlin, new PartnershipFormed(pairId, newYork)));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(newYork, new PartnershipFormed(pairId, berlin)));

        // A partner, nothing shared yet this week: the ritual waits for them both, in German.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> week48(berlin)
                .body("summary.locale", equalTo("de"))
                .body("summary.highlights[-1]", equalTo("Euer gemeinsames Ritual ist für euch beide da, wann immer es sich stimmig anfühlt."))
                .body("summary.highlightCodes[-1]", equalTo("SHARED_RITUAL_WAITS")));

        for (String night : List.of("2026-11-22", "2026-11-23", "2026-11-24", "2026-11-26")) {
            for (String user : List.of(berlin, newYork)) {
                TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, fact(user, new RitualRevealed(pairId, LocalDate.parse(night))));
            }
        }
        // Three shared evenings this week (23, 24, 26) and a streak of four (25 forgiven): German for one, French for the other.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> week48(berlin)
                .body("summary.highlights", hasItem("Du und dein Ritual-Gegenüber habt euch diese Woche an 3 Abenden füreinander geöffnet. "
                        + "Gemeinsam habt ihr 4 Nächte in Folge gehalten, mit Raum für einen Ruhetag."))
                .body("summary.highlightCodes[-1]", equalTo("SHARED_RITUAL_EVENINGS")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> week48(newYork)
                .body("summary.locale", equalTo("fr"))
                .body("summary.highlights[-1]", equalTo("Cette semaine, ton binôme et toi avez partagé un moment d’ouverture 3 soirs. "
                        + "Ensemble, vous en êtes à 4 nuits d’affilée, avec de la place pour un jour de repos."))
                .body("summary.highlightCodes[-1]", equalTo("SHARED_RITUAL_EVENINGS")));
    }
}
