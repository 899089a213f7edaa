package app.openly.reminder.contract;

import app.openly.reminder.ReminderTestInfrastructure;
import app.openly.testsupport.TestTokens;
import app.openly.testsupport.contract.DocumentedLimits;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static app.openly.testsupport.contract.DocumentedLimits.as;
import static app.openly.testsupport.contract.DocumentedLimits.sending;

/**
 * Every limit reminder-service's OpenAPI document states, sent at the limit (accepted) and one past it (400 naming the
 * field): preferences, the answer to a reminder, and how far back the history reaches.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class DocumentedLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDocumentedLimitIsTheOneEnforced() {
        String token = TestTokens.forUser("limits-" + UUID.randomUUID());
        DocumentedLimits limits = DocumentedLimits.ofServiceUnderTest();
        limits.body("PreferencesBody", () -> parse("""
                        {"timeZone":"Europe/Berlin","followEntryTimeZone":false,"practices":{"BODY_ANCHOR":{"start":"07:00","end":"08:00"}},"days":["MONDAY"],"dailyCap":2}"""),
                body -> as(token).body(body).put("/api/v1/reminders/preferences"), Set.of());
        limits.parameters("GET", "/api/v1/reminders/history", sending(() -> as(token), "GET", "/api/v1/reminders/history", Map.of()), Set.of());
        // only one past: no ticket of 200 characters is ever issued (and one that were valid would open a stream)
        // and without a bearer token, as a browser's EventSource opens it
        limits.parameters("GET", "/api/v1/notifications/stream", sending(io.restassured.RestAssured::given, "GET", "/api/v1/notifications/stream", Map.of()), Set.of("ticket"));
        // a reminder that exists for nobody: a body that passed validation is answered 404
        limits.alsoAccepting(404).body("ResponseBody", () -> parse("{\"response\":\"SNOOZED\",\"minutes\":30}"),
                body -> as(token).body(body).post("/api/v1/reminders/" + UUID.randomUUID() + "/response"), Set.of());
        // a phone's push token (issue 13): validation comes before "push to this platform is configured", so a 503 means accepted
        limits.alsoAccepting(503).body("DeviceRegistration", () -> parse("{\"platform\":\"ANDROID\",\"token\":\"" + "t".repeat(40) + "\"}"),
                body -> as(token).body(body).post("/api/v1/notifications/devices"), Set.of());
        // an address for letters (issue 14): each probe as a new person (three confirmation mails a day each)
        limits.body("AddressBody", () -> parse("{\"address\":\"ana@example.org\"}"),
                body -> as(TestTokens.forUser("limits-" + UUID.randomUUID())).body(body).put("/api/v1/notifications/email"), Set.of());
        limits.verify(12);
    }

    /**
     * The address's maxLength with addresses the pattern accepts (the generic probe's text cannot be an address):
     * 254 characters are taken, 255 refused naming the field.
     */
    @Test
    void anAddressOfTheDocumentedMaximumLengthIsTakenAndOneLongerRefused() {
        String local = "a".repeat(64);
        String atLimit = local + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(57) + ".org";
        String onePast = local + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(58) + ".org";
        org.junit.jupiter.api.Assertions.assertEquals(254, atLimit.length());
        int max = DocumentedLimits.ofServiceUnderTest().maxLength("AddressBody", "address");
        org.junit.jupiter.api.Assertions.assertEquals(254, max, "the documented maxLength of an address");
        int accepted = as(TestTokens.forUser("limits-" + UUID.randomUUID())).body("{\"address\":\"" + atLimit + "\"}")
                .put("/api/v1/notifications/email").statusCode();
        org.junit.jupiter.api.Assertions.assertTrue(accepted == 202 || accepted == 200, "an address of 254 characters: " + accepted);
        as(TestTokens.forUser("limits-" + UUID.randomUUID())).body("{\"address\":\"" + onePast + "\"}")
                .put("/api/v1/notifications/email").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("address"));
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
