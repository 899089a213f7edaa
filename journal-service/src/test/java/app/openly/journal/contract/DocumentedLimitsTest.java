package app.openly.journal.contract;

import app.openly.journal.JournalTestInfrastructure;
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
 * Every limit journal-service's OpenAPI document states, posted at the limit (accepted) and one past it (400 naming the
 * field or parameter): for each practice's entry type, the invitation's display name, and every path, query and header
 * parameter with a limit (DocumentedLimits fails on one not probed).
 */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class DocumentedLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A valid entry of each practice; each probe changes one field of it. */
    static final Map<String, String> ENTRIES = Map.of(
            "HonestSentenceEntryRequest", """
                    {"practice":"HONEST_SENTENCE","occurredAt":"2026-11-24T13:05:00+01:00","timeZone":"Europe/Berlin","sentence":"I said it.","sharedWith":"my sister","shared":true,"courage":4,"note":"n","tags":["home"]}""",
            "PresentListeningEntryRequest", """
                    {"practice":"PRESENT_LISTENING","occurredAt":"2026-11-24T18:30:00+01:00","timeZone":"Europe/Berlin","listenedTo":"a friend","minutes":20,"urgeToFix":7,"heard":"She wanted to be heard."}""",
            "RitualOfOpennessEntryRequest", """
                    {"practice":"RITUAL_OF_OPENNESS","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","kind":"GRATITUDE","text":"Thank you for the tea."}""",
            "InnerCriticReframeEntryRequest", """
                    {"practice":"INNER_CRITIC_REFRAME","occurredAt":"2026-11-24T16:00:00+01:00","timeZone":"Europe/Berlin","whisper":"They will see.","reframe":"It's safe to be real.","intensityBefore":8,"intensityAfter":4}""",
            "BodyAnchorEntryRequest", """
                    {"practice":"BODY_ANCHOR","occurredAt":"2026-11-24T07:30:00+01:00","timeZone":"Europe/Berlin","breaths":10,"minutes":3,"handOnHeart":true,"calmBefore":3,"calmAfter":7}""");

    @Test
    void everyDocumentedLimitIsTheOneEnforced() {
        DocumentedLimits limits = DocumentedLimits.ofServiceUnderTest();
        ENTRIES.forEach((schema, json) -> {
            // one person per practice, so no per-person write budget is what answers
            String token = TestTokens.forUser("limits-" + UUID.randomUUID());
            limits.body(schema, () -> parse(json), body -> as(token).body(body).post("/api/v1/entries"),
                    Set.of("timeZone")); // no IANA zone id is 64 characters long: only one past is probed
        });
        String lister = TestTokens.forUser("limits-" + UUID.randomUUID());
        // no cursor of 200 characters was ever issued, no IANA zone id is 64 long: only one past is probed for them
        limits.parameters("GET", "/api/v1/entries", sending(() -> as(lister), "GET", "/api/v1/entries", Map.of()), Set.of("cursor"));
        String writer = TestTokens.forUser("limits-" + UUID.randomUUID());
        limits.parameters("POST", "/api/v1/entries", sending(() -> as(writer).body(ENTRIES.get("BodyAnchorEntryRequest")),
                "POST", "/api/v1/entries", Map.of()), Set.of());
        limits.parameters("GET", "/api/v1/prompts/today", sending(() -> as(lister).queryParam("practice", "BODY_ANCHOR"),
                "GET", "/api/v1/prompts/today", Map.of()), Set.of("timeZone"));
        String inviter = TestTokens.forUser("limits-" + UUID.randomUUID());
        limits.body("DisplayName", () -> parse("{\"displayName\":\"Sam\"}"),
                body -> as(inviter).body(body).post("/api/v1/rituals/invitations"), Set.of());
        // without a partner, history and tonight answer 404 once their parameters passed validation; an unknown code
        // of 64 characters answers 404 (invitation-unknown) once it passed
        limits.alsoAccepting(404);
        limits.parameters("GET", "/api/v1/rituals/history", sending(() -> as(inviter), "GET", "/api/v1/rituals/history", Map.of()), Set.of("cursor"));
        limits.parameters("GET", "/api/v1/rituals/tonight", sending(() -> as(inviter), "GET", "/api/v1/rituals/tonight", Map.of()), Set.of("timeZone"));
        limits.parameters("POST", "/api/v1/rituals/invitations/{code}/accept", sending(() -> as(lister).body("{\"displayName\":\"Sam\"}"),
                "POST", "/api/v1/rituals/invitations/{code}/accept", Map.of()), Set.of());
        limits.verify(60);
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
