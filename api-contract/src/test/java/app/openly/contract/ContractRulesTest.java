package app.openly.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our rules for every operation of the three documents, beyond what Spectral checks: what a client developer needs to
 * trust the document as the contract. A new operation that is not documented this way fails here with its name and
 * what it lacks (how to document one: README, "API contract").
 */
class ContractRulesTest {

    /** Tags name what a client works with. A new one is added here on purpose, not by accident. */
    static final Set<String> TAGS = Set.of("Entries", "Rituals", "Reminders", "Notifications", "Insights", "Organization", "My data");
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    static JsonNode document(String service) throws IOException {
        Path file = Path.of(System.getProperty("contract.documents", "target/openapi"), service, "openapi.json");
        assertTrue(Files.exists(file), file + " is missing: the " + service + "-service build writes it (quarkus.smallrye-openapi.store-schema-directory)");
        return new ObjectMapper().readTree(file.toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"journal", "reminder", "insights"})
    void everyOperationIsDocumentedForClients(String service) throws IOException {
        JsonNode doc = document(service);
        List<String> findings = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                var op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                operations++;
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode operation = op.getValue();
                String operationId = operation.path("operationId").asText("");
                if (operationId.isBlank()) {
                    findings.add(name + ": no operationId (@Operation(operationId = \"verbNoun\"))");
                } else if (!operationId.matches("[a-z][A-Za-z0-9]*")) {
                    findings.add(name + ": operationId " + operationId + " is not lowerCamelCase");
                } else if (!operationIds.add(operationId)) {
                    findings.add(name + ": operationId " + operationId + " is used twice");
                }
                if (operation.path("summary").asText("").isBlank()) {
                    findings.add(name + ": no summary (@Operation(summary = ...))");
                }
                JsonNode tags = operation.path("tags");
                if (tags.size() != 1 || !TAGS.contains(tags.get(0).asText())) {
                    findings.add(name + ": needs exactly one tag of " + TAGS + " (@Tag on the class), has " + tags);
                }
                JsonNode responses = operation.path("responses");
                // a page a person's browser opens from a letter's link (text/html) may answer its own errors as a page
                boolean page = false;
                for (JsonNode r : responses) {
                    page |= r.path("content").has("text/html");
                }
                boolean success = false;
                for (Iterator<Map.Entry<String, JsonNode>> rs = responses.fields(); rs.hasNext(); ) {
                    var r = rs.next();
                    String status = r.getKey();
                    success |= status.startsWith("2");
                    if (status.startsWith("4") || status.startsWith("5")) {
                        JsonNode content = r.getValue().path("content");
                        // a page's error may also be the page (text/html, after the problem) for the person's browser
                        int pageOnly = page && content.has("text/html") ? 1 : 0;
                        boolean pageError = pageOnly == 1 && content.size() == 1;
                        // problem+json first; the same problem as application/json for a client that accepts only that
                        // (platform ProblemMediaType), which is what client generators look for
                        boolean problem = content.size() == 2 + pageOnly
                                && "application/problem+json".equals(content.fieldNames().next())
                                && "#/components/schemas/Problem".equals(content.path("application/problem+json").path("schema").path("$ref").asText())
                                && "#/components/schemas/Problem".equals(content.path("application/json").path("schema").path("$ref").asText());
                        if (!pageError && !problem) {
                            findings.add(name + " " + status + ": must be application/problem+json, then application/json, with the Problem schema"
                                    + (page ? " (a page may add text/html)" : ""));
                        }
                    }
                    if (status.equals("429") && r.getValue().path("headers").path("Retry-After").isMissingNode()) {
                        findings.add(name + " 429: must document Retry-After");
                    }
                    if (status.equals("201") && r.getValue().path("content").isEmpty()) {
                        findings.add(name + " 201: must document what it answers");
                    }
                }
                for (String layer : List.of("414", "431")) {
                    if (responses.path(layer).isMissingNode()) {
                        findings.add(name + ": must document the HTTP layer's " + layer + " (platform ApiContractFilter adds it)");
                    }
                }
                if (!success) {
                    findings.add(name + ": documents no 2xx answer (@APIResponse(responseCode = \"200\"/\"201\"/\"204\", ...))");
                }
                boolean authenticated = operation.path("security").size() > 0;
                if (authenticated) {
                    for (String must : List.of("401", "429")) {
                        if (responses.path(must).isMissingNode()) {
                            findings.add(name + ": an authenticated operation must document " + must);
                        }
                    }
                }
                if (operation.has("requestBody") && operation.path("requestBody").path("content").size() != 1) {
                    findings.add(name + ": document one request media type (generators use only the first)");
                }
            }
        }
        assertTrue(operations > 0, service + " documents no operation");
        assertTrue(findings.isEmpty(), service + "-service's OpenAPI document is not a contract yet:\n  " + String.join("\n  ", findings));
    }

    @ParameterizedTest
    @ValueSource(strings = {"journal", "reminder", "insights"})
    void documentSaysWhoRunsItWhereAndWhichTokens(String service) throws IOException {
        JsonNode doc = document(service);
        assertEquals("3.0.3", doc.path("openapi").asText());
        assertFalse(doc.path("info").path("contact").path("email").asText("").isBlank(), "info.contact");
        assertTrue(doc.path("servers").size() >= 1, "servers");
        doc.path("servers").forEach(s -> assertFalse(s.path("url").asText().contains("0.0.0.0"), "a server clients can reach: " + s));
        JsonNode bearer = doc.path("components").path("securitySchemes").path("bearer");
        assertEquals("http", bearer.path("type").asText());
        assertEquals("bearer", bearer.path("scheme").asText());
        assertEquals("JWT", bearer.path("bearerFormat").asText());
        String description = bearer.path("description").asText();
        for (String must : List.of("RS256", "aud = openly-api", "iss = ")) {
            assertTrue(description.contains(must), "the bearer scheme says " + must + ": " + description);
        }
        JsonNode problem = doc.path("components").path("schemas").path("Problem");
        assertEquals(Set.of("type", "title", "status"), toSet(problem.path("required")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"EntryRequest", "EntryResponse"})
    void entriesAreOneTypePerPractice(String schema) throws IOException {
        JsonNode schemas = document("journal").path("components").path("schemas");
        JsonNode entry = schemas.path(schema);
        assertEquals("practice", entry.path("discriminator").path("propertyName").asText());
        assertEquals(5, entry.path("oneOf").size());
        Set<String> practices = new HashSet<>();
        entry.path("discriminator").path("mapping").fields().forEachRemaining(m -> {
            practices.add(m.getKey());
            JsonNode one = schemas.path(m.getValue().asText().replace("#/components/schemas/", ""));
            assertEquals(List.of(m.getKey()), toList(one.path("properties").path("practice").path("enum")), m.getValue().asText());
            assertFalse(one.path("additionalProperties").asBoolean(true), m.getValue() + " refuses fields of other practices");
        });
        assertEquals(Set.of("HONEST_SENTENCE", "PRESENT_LISTENING", "RITUAL_OF_OPENNESS", "INNER_CRITIC_REFRAME", "BODY_ANCHOR"), practices);
        // a field of one practice only appears in its own type
        JsonNode honest = schemas.path("HonestSentenceEntry" + (schema.equals("EntryRequest") ? "Request" : ""));
        assertTrue(honest.path("properties").has("courage"));
        assertFalse(honest.path("properties").has("whisper"));
    }

    private static Set<String> toSet(JsonNode array) {
        return new HashSet<>(toList(array));
    }

    private static List<String> toList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
