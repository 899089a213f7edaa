package app.openly.reminder;

import app.openly.events.EventEnvelope;
import app.openly.events.LanguageChosen;
import app.openly.events.Topics;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The person's language is a field of their reminder preferences: first guessed from Accept-Language, then
 * chosen; texts follow it (with the machine fields unchanged), and every new or changed language leaves as a
 * LanguageChosen fact for the other services, through the outbox, over real Kafka and PostgreSQL.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class LanguageTest {

    @Inject
    AgroalDataSource dataSource;

    private List<String> languagesPublished(String user) {
        return TestKafka.publishedEventsOf(Topics.REMINDERS_DUE, user, dataSource, Duration.ofSeconds(30)).stream()
                .map(EventEnvelope::payload).filter(p -> p instanceof LanguageChosen).map(p -> ((LanguageChosen) p).locale()).toList();
    }

    @Test
    void theBrowsersLanguageOnFirstUseThenThePersonsChoiceWhichTheOtherServicesLearnByEvent() {
        String user = "lang-" + UUID.randomUUID();
        String token = TestTokens.forUser(user);
        // First use: the best language of the browser's we speak (Austrian German → de); the hint speaks it too.
        given().auth().oauth2(token).header("Accept-Language", "ja, de-AT;q=0.9, en;q=0.5").get("/api/v1/reminders/next")
                .then().statusCode(200)
                .body("hint.code", equalTo("NO_PRACTICE_CHOSEN"))
                .body("hint.message", startsWith("Im Moment gibt es keine Erinnerungen."));
        given().auth().oauth2(token).header("Accept-Language", "fr").get("/api/v1/reminders/preferences")
                .then().statusCode(200).body("locale", equalTo("de"));
        assertEquals(List.of("de"), languagesPublished(user));

        // The person chooses French: reasons of the re-planned reminders are French, with 24-hour times.
        given().auth().oauth2(token).contentType("application/merge-patch+json")
                .body("{\"locale\":\"fr\",\"timeZone\":\"Europe/Paris\",\"followEntryTimeZone\":false,"
                        + "\"practices\":{\"RITUAL_OF_OPENNESS\":{\"start\":\"21:00\",\"end\":\"22:30\"}}}")
                .patch("/api/v1/reminders/preferences").then().statusCode(200).body("locale", equalTo("fr"));
        given().auth().oauth2(token).get("/api/v1/reminders/next").then().statusCode(200)
                .body("reminders[0].practice", equalTo("RITUAL_OF_OPENNESS"))
                .body("reminders[0].message", equalTo("Un moment calme pour ton rituel d’ouverture, quand tu le sens."))
                .body("reminders[0].reason", equalTo("Au début de ta plage horaire pour cette pratique (21:00)."))
                .body("reminders[0].localTime", equalTo("21:00:00"));
        // A chosen language is kept whatever a browser says later; the same choice again publishes nothing.
        given().auth().oauth2(token).header("Accept-Language", "es").get("/api/v1/reminders/preferences")
                .then().statusCode(200).body("locale", equalTo("fr"));
        given().auth().oauth2(token).contentType("application/merge-patch+json").body("{\"locale\":\"fr\"}")
                .patch("/api/v1/reminders/preferences").then().statusCode(200).body("locale", equalTo("fr"));
        assertEquals(List.of("de", "fr"), languagesPublished(user));
    }

    @Test
    void anUnknownLanguageIsRefusedNamingTheFieldAndChangesNothing() {
        String user = "lang-" + UUID.randomUUID();
        String token = TestTokens.forUser(user);
        given().auth().oauth2(token).contentType("application/merge-patch+json").body("{\"locale\":\"es\"}")
                .patch("/api/v1/reminders/preferences").then().statusCode(200).body("locale", equalTo("es"));
        for (String bad : List.of("\"xx\"", "\"de-DE-x-private-nonsense\"", "42", "\"\"")) {
            given().auth().oauth2(token).contentType("application/merge-patch+json").body("{\"locale\":" + bad + ",\"dailyCap\":7}")
                    .patch("/api/v1/reminders/preferences").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", org.hamcrest.Matchers.hasItem("locale"));
        }
        var current = given().auth().oauth2(token).get("/api/v1/reminders/preferences").then().statusCode(200).extract().jsonPath();
        assertEquals("es", current.getString("locale"));
        assertEquals(2, current.getInt("dailyCap"), "a refused change writes nothing");
        given().get("/api/v1/reminders/preferences").then().statusCode(401);
    }
}
