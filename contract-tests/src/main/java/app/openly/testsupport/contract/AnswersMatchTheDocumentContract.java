package app.openly.testsupport.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import io.restassured.builder.ResponseBuilder;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The validating test client (test-support's {@link AnswersMatchTheDocument}, installed for every {@code @QuarkusTest}
 * by {@link ContractValidation}) catches an answer that drifts from the service's own OpenAPI document. Each service
 * names one real operation; its real answer must pass, and the same answer drifted in one way at a time must fail:
 * a field the document does not have, a null where the document says never null, a status the operation does not
 * document, a media type it does not answer, a Location header it does not document, and an operation the document
 * does not have. No test-only endpoint: the
 * drift is made to the real answer, and it is checked against the real document.
 */
public abstract class AnswersMatchTheDocumentContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The method of the real operation, e.g. GET. */
    protected abstract String method();

    /** The path the real call is sent to (its own ids filled in), e.g. /api/v1/reminders/preferences. */
    protected abstract String path();

    /** Makes the real call (as someone whose answer is a JSON object, with whatever it needs created first). */
    protected abstract Response send();

    /** A field of that answer the document says is required and never null. */
    protected abstract String fieldNeverNull();

    private Response real() {
        Response answer = send();
        assertTrue(answer.statusCode() >= 200 && answer.statusCode() < 300, "the real call should succeed: " + answer.statusCode() + " " + answer.asString());
        return answer;
    }

    private URI uri(String path) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + path);
    }

    private void check(String path, Response answer) {
        AnswersMatchTheDocument.check(uri(path), method(), answer);
    }

    private static Response withBody(Response answer, String body) {
        return new ResponseBuilder().clone(answer).setBody(body).build();
    }

    private static ObjectNode object(Response answer) {
        try {
            return (ObjectNode) JSON.readTree(answer.asString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theValidatorChecksEveryTestsAnswers() {
        assertTrue(RestAssured.filters().stream().anyMatch(f -> f instanceof AnswersMatchTheDocument),
                "AnswersMatchTheDocument is not among RestAssured's global filters (META-INF/services registration of ContractValidation)");
    }

    @Test
    void theRealAnswerPasses() {
        Response answer = real();
        assertDoesNotThrow(() -> check(path(), answer));
    }

    @Test
    void anUndocumentedFieldFails() {
        ObjectNode body = object(real());
        body.put("driftedField", 1);
        AssertionError e = assertThrows(AssertionError.class, () -> check(path(), withBody(real(), body.toString())));
        assertTrue(e.getMessage().contains("driftedField"), e.getMessage());
    }

    @Test
    void aNullWhereTheDocumentSaysNeverNullFails() {
        ObjectNode body = object(real());
        assertTrue(body.has(fieldNeverNull()), fieldNeverNull() + " is not in the real answer " + body);
        body.putNull(fieldNeverNull());
        AssertionError e = assertThrows(AssertionError.class, () -> check(path(), withBody(real(), body.toString())));
        assertTrue(e.getMessage().contains(fieldNeverNull()), e.getMessage());
    }

    @Test
    void anUndocumentedStatusFails() {
        Response drifted = new ResponseBuilder().clone(real()).setStatusCode(418).build();
        AssertionError e = assertThrows(AssertionError.class, () -> check(path(), drifted));
        assertTrue(e.getMessage().contains("418"), e.getMessage());
    }

    @Test
    void anUndocumentedMediaTypeFails() {
        Response real = real();
        java.util.List<io.restassured.http.Header> headers = new java.util.ArrayList<>();
        real.getHeaders().forEach(h -> headers.add(h.getName().equalsIgnoreCase("Content-Type") ? new io.restassured.http.Header(h.getName(), "text/plain") : h));
        Response drifted = new ResponseBuilder().clone(real).setHeaders(new io.restassured.http.Headers(headers)).setContentType("text/plain").build();
        AssertionError e = assertThrows(AssertionError.class, () -> check(path(), drifted));
        assertTrue(e.getMessage().contains("text/plain"), e.getMessage());
    }

    @Test
    void anUndocumentedHeaderFails() {
        Response real = real();
        assertTrue(!real.getHeaders().hasHeaderWithName("Location"), "the real answer sends no Location");
        java.util.List<io.restassured.http.Header> headers = new java.util.ArrayList<>(real.getHeaders().asList());
        headers.add(new io.restassured.http.Header("Location", "/api/v1/somewhere"));
        Response drifted = new ResponseBuilder().clone(real).setHeaders(new io.restassured.http.Headers(headers)).build();
        AssertionError e = assertThrows(AssertionError.class, () -> check(path(), drifted));
        assertTrue(e.getMessage().contains("Location is sent but not documented"), e.getMessage());
    }

    /**
     * Every error is documented as application/problem+json and, for a client that accepts only JSON, application/json
     * (platform ProblemMediaType): the same problem either way, and the answer passes the validator either way.
     */
    @Test
    void aProblemIsSentAsJsonOnlyToAClientThatAcceptsOnlyJson() {
        for (var accept : java.util.Map.of(
                "application/json", "application/json",
                "application/json, text/plain;q=0.5", "application/json",
                "application/json, application/problem+json;q=0", "application/json",
                "application/json;q=0.5, application/problem+json", "application/problem+json",
                "application/problem+json, application/json", "application/problem+json",
                "*/*", "application/problem+json").entrySet()) {
            Response answer = io.restassured.RestAssured.given().accept(accept.getKey()).request(method(), path());
            assertTrue(answer.statusCode() == 401, "without a token: " + answer.statusCode());
            assertTrue(answer.contentType().startsWith(accept.getValue()), "Accept: " + accept.getKey() + " answered " + answer.contentType());
            assertTrue(answer.jsonPath().getInt("status") == 401 && answer.jsonPath().getString("type") != null, answer.asString());
        }
        // an Accept the operation cannot answer: 406, documented on every operation
        Response notAcceptable = io.restassured.RestAssured.given().accept("text/csv").request(method(), path());
        assertTrue(notAcceptable.statusCode() == 406, "Accept: text/csv answered " + notAcceptable.statusCode());
        Response none = io.restassured.RestAssured.given().header("Accept", "").request(method(), path());
        assertTrue(none.contentType().startsWith("application/problem+json"), "no Accept answered " + none.contentType());
        // the HTTP layer's own answers too (414, before any operation)
        Response tooLong = io.restassured.RestAssured.given().accept("application/json").request(method(), path() + "?x=" + "a".repeat(5000));
        assertTrue(tooLong.statusCode() == 414 && tooLong.contentType().startsWith("application/json"), tooLong.statusCode() + " " + tooLong.contentType());
    }

    @Test
    void anUndocumentedOperationFails() {
        Response answer = real();
        AssertionError e = assertThrows(AssertionError.class, () -> check(path() + "/drift-probe-not-documented", answer));
        assertTrue(e.getMessage().contains("has no such operation"), e.getMessage());
    }
}
