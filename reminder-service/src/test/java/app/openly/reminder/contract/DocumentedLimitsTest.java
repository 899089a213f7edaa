package app.openly.reminder.contract;

import app.openly.reminder.ReminderTestInfrastructure;
import app.openly.testsupport.TestTokens;
import app.openly.testsupport.contract.DocumentedLimits;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;

import static app.openly.testsupport.contract.DocumentedLimits.as;

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
        limits.query("GET", "/api/v1/reminders/history", q -> as(token).queryParams(q).get("/api/v1/reminders/history"));
        // a reminder that exists for nobody: a body that passed validation is answered 404
        limits.alsoAccepting(404).body("ResponseBody", () -> parse("{\"response\":\"SNOOZED\",\"minutes\":30}"),
                body -> as(token).body(body).post("/api/v1/reminders/" + UUID.randomUUID() + "/response"), Set.of());
        limits.verify(8);
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
