package app.openly.reminder.email;

import app.openly.reminder.ReminderTestInfrastructure;
import app.openly.reminder.domain.email.WeeklyLetters;
import app.openly.testsupport.TestTokens;
import app.openly.testsupport.mail.TestMail;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The letter's links asked for as JSON (an app that opens the link itself), over the real service, database and mail
 * server: the same answers as the pages, with stable codes, errors as problems; a browser and a mail client's one-click
 * POST keep getting the pages. Every answer here is also checked against the document by the validating test client.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class EmailLinksAsJsonTest {

    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Inject
    WeeklyLetters letters;

    private static String confirmLink(String address) {
        String body = TestMail.awaitInbox(address, 1, Duration.ofSeconds(20)).get(0).text();
        Matcher m = Pattern.compile("http://\\S+(/api/v1/notifications/email/confirm\\?token=[A-Za-z0-9_%.\\-]+)").matcher(body);
        assertTrue(m.find(), "a confirmation link in: " + body);
        return m.group(1);
    }

    @Test
    void theConfirmationLinkAnswersJsonWhenAskedAndThePageOtherwise() {
        String user = "json-link-" + UUID.randomUUID();
        String token = TestTokens.forUser(user);
        String address = user + "@example.org";
        given().auth().oauth2(token).header("Accept-Language", "de").contentType("application/json").body("{\"address\":\"" + address + "\"}")
                .put("/api/v1/notifications/email").then().statusCode(202);
        String link = confirmLink(address);

        // GET only asks, as the page does: nothing is confirmed by looking.
        given().accept("application/json").header("Accept-Language", "de").get(link).then().statusCode(200).contentType("application/json")
                .body("status", equalTo("CONFIRMATION_ASKED")).body("kind", nullValue()).body("locale", equalTo("de"))
                .body("message", equalTo("Möchtest du, dass Openly Briefe an diese Adresse schickt?"));
        given().header("Accept", BROWSER).get(link).then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<form"));
        given().auth().oauth2(token).get("/api/v1/notifications/email").then().body("status", equalTo("PENDING"));

        // POST confirms, in the person's language, with the page's sentence.
        given().accept("application/json").post(link).then().statusCode(200).contentType("application/json")
                .body("status", equalTo("CONFIRMED")).body("locale", equalTo("de"))
                .body("message", equalTo("Danke. Deine Adresse ist bestätigt; dein Wochenbrief kommt an einem ruhigen Morgen."));
        given().auth().oauth2(token).get("/api/v1/notifications/email").then().body("status", equalTo("CONFIRMED"));

        // Used once: a problem for JSON (negotiated as everywhere), the page for a browser, as before.
        given().accept("application/json").post(link).then().statusCode(404).contentType("application/json")
                .body("type", endsWith("/invalid-link")).body("status", equalTo(404));
        given().accept("application/problem+json, application/json").post(link).then().statusCode(404)
                .contentType("application/problem+json").body("type", endsWith("/invalid-link"));
        given().post(link).then().statusCode(404).contentType(startsWith("text/html"));
        given().header("Accept", BROWSER).post(link).then().statusCode(404).contentType(startsWith("text/html"));
        // Opening a used link says so at once, before any button: the same problem, or the page without a form.
        given().accept("application/json").header("Accept-Language", "de").get(link).then().statusCode(404).contentType("application/json")
                .body("type", endsWith("/invalid-link")).body("detail", containsString("gilt nicht mehr"));
        given().header("Accept", BROWSER).get(link).then().statusCode(404).contentType(startsWith("text/html"))
                .body(not(containsString("<form")));
        given().accept("application/json").get("/api/v1/notifications/email/confirm?token=never-issued").then().statusCode(404)
                .body("type", endsWith("/invalid-link"));
    }

    @Test
    void theUnsubscribeLinkAnswersJsonWhenAskedAndOneClickStillGetsThePage() {
        String user = "json-unsub-" + UUID.randomUUID();
        String token = TestTokens.forUser(user);
        String address = user + "@example.org";
        given().auth().oauth2(token).contentType("application/json").body("{\"address\":\"" + address + "\"}")
                .put("/api/v1/notifications/email").then().statusCode(202);
        given().post(confirmLink(address)).then().statusCode(200).contentType(startsWith("text/html"));
        String link = "/api/v1/notifications/email/unsubscribe?token="
                + URLEncoder.encode(letters.links().unsubscribeToken(user, WeeklyLetters.KIND), StandardCharsets.UTF_8);

        given().accept("application/json").get(link).then().statusCode(200).contentType("application/json")
                .body("status", equalTo("UNSUBSCRIBE_ASKED")).body("kind", equalTo("WEEKLY_SUMMARY")).body("locale", equalTo("en"))
                .body("message", equalTo("Would you like to stop receiving the weekly letter by e-mail?"));
        given().auth().oauth2(token).get("/api/v1/notifications/preferences").then().body("routes.WEEKLY_SUMMARY", hasItem("EMAIL"));

        given().accept("application/json").contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").post(link)
                .then().statusCode(200).contentType("application/json")
                .body("status", equalTo("UNSUBSCRIBED")).body("kind", equalTo("WEEKLY_SUMMARY"))
                .body("message", containsString("You will not receive the weekly letter by e-mail anymore"));
        given().auth().oauth2(token).get("/api/v1/notifications/preferences").then().body("routes.WEEKLY_SUMMARY", not(hasItem("EMAIL")));
        given().auth().oauth2(token).get("/api/v1/notifications/email").then().body("unsubscribedKinds", equalTo(List.of("WEEKLY_SUMMARY")));

        // RFC 8058 one-click from a mail client (no Accept, or */*): the page, exactly as before.
        given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").post(link)
                .then().statusCode(200).contentType(startsWith("text/html"));
        // A forged or altered link: a problem for JSON, the page otherwise.
        for (String bad : List.of("/api/v1/notifications/email/unsubscribe?token=garbage", link.replace("WEEKLY_SUMMARY", "REMINDERS"))) {
            given().accept("application/json").get(bad).then().statusCode(404).contentType("application/json").body("type", endsWith("/invalid-link"));
            given().accept("application/json").post(bad).then().statusCode(404).contentType("application/json").body("type", endsWith("/invalid-link"));
            given().post(bad).then().statusCode(404).contentType(startsWith("text/html"));
        }
        // Kept for the page: only a browser Accept without JSON, so not JSON.
        given().header("Accept", BROWSER).get(link).then().statusCode(200).contentType(startsWith("text/html"));
        assertTrue(URI.create(link).getRawQuery().startsWith("token="));
    }
}
