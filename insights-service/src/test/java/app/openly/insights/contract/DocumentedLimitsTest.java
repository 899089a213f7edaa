package app.openly.insights.contract;

import app.openly.insights.InsightsTestInfrastructure;
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

/** Every limit insights-service's OpenAPI document states, sent at the limit (accepted) and one past it (400 naming the field). */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class DocumentedLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDocumentedLimitIsTheOneEnforced() {
        String token = TestTokens.forUser("limits-" + UUID.randomUUID());
        DocumentedLimits limits = DocumentedLimits.ofServiceUnderTest();
        limits.body("Pauses", () -> parse("{\"days\":[]}"), body -> as(token).body(body).put("/api/v1/insights/pauses"), Set.of());
        // an organization's view: an id of 255 characters is nobody's organization (404), one of 256 is refused first
        limits.alsoAccepting(404).parameters("GET", "/api/v1/orgs/{orgId}/insights/weekly",
                sending(() -> as(token), "GET", "/api/v1/orgs/{orgId}/insights/weekly", Map.of()), Set.of());
        limits.verify(4);
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
