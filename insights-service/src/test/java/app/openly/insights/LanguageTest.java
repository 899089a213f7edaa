package app.openly.insights;

import app.openly.events.EventEnvelope;
import app.openly.events.LanguageChosen;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * insights-service words the weekly summary in the person's language, learned only from reminder-service's
 * LanguageChosen facts on reminders.due (over real Kafka and PostgreSQL); an older fact never overrides a newer one,
 * the machine fields stay the same in every language, and a fact redelivered after the person's erasure does not
 * bring their language back.
 */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class LanguageTest {

    @Inject
    AgroalDataSource dataSource;

    private static EventEnvelope chosen(String user, String locale, Instant at) {
        return chosen(UUID.randomUUID(), user, locale, at);
    }

    private static EventEnvelope chosen(UUID eventId, String user, String locale, Instant at) {
        return EventEnvelope.of(eventId, at, user, null, new LanguageChosen(locale));
    }

    @Test
    void theSummarySpeaksTheLanguageThePersonChoseInReminderPreferences() {
        String user = "lang-" + UUID.randomUUID();
        var facts = TestEvents.facts(UUID.randomUUID(), 1, Practice.HONEST_SENTENCE, LocalDateTime.parse("2026-11-24T13:00:00"),
                "Europe/Berlin", InsightsApiTest.courage(4), List.of("family"));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, null, facts));
        String token = TestTokens.forUser(user);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200)
                .body("summary.locale", equalTo("en"))
                .body("summary.highlights[0]", equalTo("You showed up for yourself on one day this week.")));

        Instant now = Instant.now();
        TestKafka.publish(Topics.REMINDERS_DUE, chosen(user, "de", now));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200)
                .body("summary.locale", equalTo("de"))
                .body("summary.highlights[0]", equalTo("Du hast dir diese Woche an einem Tag Zeit für dich genommen."))
                .body("summary.highlightCodes[0]", equalTo("DAYS_PRACTICED"))
                .body("summary.daysPracticed", equalTo(1))
                .body("summary.footer", containsString("keine medizinische Beratung")));

        // A newer fact (Spanish) changes it; a late, older one (French, chosen before German) right behind it does not.
        TestKafka.publish(Topics.REMINDERS_DUE, chosen(user, "es", now.plusSeconds(1)));
        TestKafka.publish(Topics.REMINDERS_DUE, chosen(user, "fr", now.minusSeconds(60)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200)
                .body("summary.locale", equalTo("es"))
                .body("summary.highlights[0]", equalTo("Esta semana te reservaste un momento para ti en un día.")));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200).body("summary.locale", equalTo("es")));
    }

    @Test
    void aLanguageChosenRedeliveredAfterTheErasureDoesNotBringTheLanguageBack() throws Exception {
        String user = "lang-erased-" + UUID.randomUUID();
        Instant chosenAt = Instant.parse("2026-12-01T08:00:00Z");
        UUID germanFact = UUID.randomUUID();
        TestKafka.publish(Topics.REMINDERS_DUE, chosen(germanFact, user, "de", chosenAt));
        await().atMost(Duration.ofSeconds(30)).until(() -> storedLocale(user).equals(Optional.of("de")));

        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.erased(user));
        await().atMost(Duration.ofSeconds(30)).until(() -> storedLocale(user).isEmpty());

        // The German fact again (a redelivery), then a fresh, older French one behind it on the person's partition.
        // Had the redelivery been applied, its row (chosen later) would keep German and the French fact would change
        // nothing; the ledger skips it, so French is the language stored.
        TestKafka.publish(Topics.REMINDERS_DUE, chosen(germanFact, user, "de", chosenAt));
        TestKafka.publish(Topics.REMINDERS_DUE, chosen(user, "fr", chosenAt.minusSeconds(7200)));
        await().atMost(Duration.ofSeconds(30)).until(() -> storedLocale(user).isPresent());
        assertEquals(Optional.of("fr"), storedLocale(user));
    }

    private Optional<String> storedLocale(String user) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select locale from insights_person_locale where user_id = ?")) {
            s.setString(1, user);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
