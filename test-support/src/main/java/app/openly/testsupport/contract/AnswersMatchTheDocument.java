package app.openly.testsupport.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A RestAssured filter that checks every answer an API test receives under {@code /api/} against the OpenAPI document
 * the same service serves at {@code /q/openapi}: its status must be documented for that operation, its body must match
 * the documented schema (no undocumented field, no null where the document says not nullable, limits and enums
 * respected), its declared headers must be there, and every header a client acts on that it sends (ETag, Location,
 * Retry-After, RateLimit-Policy, RateLimit) must be documented for its status. An operation the document does not have at all fails too,
 * unless the service answered it 404/405 (a test asking for something that does not exist). Requests are not checked:
 * tests send bad input on purpose. A failure names the operation and each violation; the README's "API contract"
 * section says how to document an operation.
 */
public final class AnswersMatchTheDocument implements OrderedFilter {

    private static final Map<String, Optional<Document>> DOCUMENTS = new ConcurrentHashMap<>();
    /** Headers a client acts on: an answer that sends one must document it for its status (the issue: "where they are sent"). */
    static final java.util.List<String> ANNOUNCED_HEADERS = java.util.List.of("ETag", "Location", "Retry-After", "RateLimit-Policy", "RateLimit");

    private record Document(OpenApiInteractionValidator validator, com.fasterxml.jackson.databind.JsonNode json) {
    }
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec, FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/api/")) {
            return response;
        }
        check(uri, request.getMethod(), response);
        return response;
    }

    /**
     * Checks one answer to {@code method uri} against the document the service at that address serves; throws an
     * AssertionError naming each violation. Public so a test can show that a drifted answer is caught (the
     * services' AnswersMatchTheDocumentTest).
     */
    public static void check(URI uri, String requestMethod, Response response) {
        String path = uri.getRawPath();
        Optional<Document> document = DOCUMENTS.computeIfAbsent(
                uri.getScheme() + "://" + uri.getAuthority(), AnswersMatchTheDocument::load);
        if (document.isEmpty()) {
            return;
        }
        String method = requestMethod.toUpperCase(Locale.ROOT);
        ValidationReport report = document.get().validator().validateResponse(path, Request.Method.valueOf(method), RestAssuredResponse.of(response));
        boolean undocumented = report.getMessages().stream()
                .anyMatch(m -> m.getKey().endsWith("path.missing") || m.getKey().endsWith("operation.notAllowed"));
        if (undocumented) {
            if (response.statusCode() == 404 || response.statusCode() == 405) {
                return;
            }
            throw new AssertionError(method + " " + path + " answered " + response.statusCode()
                    + " but the service's OpenAPI document has no such operation: document it (operationId, tag, summary, "
                    + "every answer; see the README's \"API contract\" section)");
        }
        java.util.List<String> undocumentedHeaders = undocumentedHeaders(document.get().json(), path, method, response);
        if (report.hasErrors() || !undocumentedHeaders.isEmpty()) {
            String problems = java.util.stream.Stream.concat(report.getMessages().stream()
                    .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .map(m -> "  - [" + m.getKey() + "] " + m.getMessage()
                            + (m.getNestedMessages().isEmpty() ? "" : m.getNestedMessages().stream()
                            .map(n -> "\n      " + n.getMessage()).collect(Collectors.joining()))),
                    undocumentedHeaders.stream().map(h -> "  - [header.undocumented] " + h + " is sent but not documented for "
                            + response.statusCode() + " (@APIResponse(headers = @Header(name = \"" + h + "\", ...)))"))
                    .collect(Collectors.joining("\n"));
            throw new AssertionError("The answer to " + method + " " + path + " (" + response.statusCode()
                    + ") does not match the service's OpenAPI document:\n" + problems + "\nbody: " + abbreviate(response.asString()));
        }
    }

    /** The announced headers the answer carries that the document does not name for the operation's status. */
    static java.util.List<String> undocumentedHeaders(com.fasterxml.jackson.databind.JsonNode document, String path, String method, Response response) {
        // a literal path before a template it also matches (/reminders/preferences before /reminders/{id})
        com.fasterxml.jackson.databind.JsonNode operation = document.path("paths").path(path).get(method.toLowerCase(Locale.ROOT));
        for (var it = document.path("paths").fields(); it.hasNext() && operation == null; ) {
            var entry = it.next();
            String template = java.util.regex.Pattern.quote(entry.getKey()).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(template)) {
                operation = entry.getValue().get(method.toLowerCase(Locale.ROOT));
            }
        }
        if (operation == null) {
            return java.util.List.of();
        }
        com.fasterxml.jackson.databind.JsonNode answer = operation.path("responses").path(String.valueOf(response.statusCode()));
        if (answer.isMissingNode()) {
            answer = operation.path("responses").path("default");
        }
        java.util.Set<String> documented = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        answer.path("headers").fieldNames().forEachRemaining(documented::add);
        return ANNOUNCED_HEADERS.stream().filter(h -> response.getHeaders().hasHeaderWithName(h) && !documented.contains(h)).toList();
    }

    @Override
    public int getOrder() {
        // After every other filter (e.g. logging), so the answer is checked as the test sees it.
        return OrderedFilter.LOWEST_PRECEDENCE;
    }

    private static Optional<Document> load(String base) {
        try {
            HttpResponse<String> document = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (document.statusCode() != 200) {
                return Optional.empty(); // an application without a document (e.g. the web client's server)
            }
            return Optional.of(new Document(OpenApiInteractionValidator.createForInlineApiSpecification(document.body())
                    .withLevelResolver(LevelResolver.create()
                            // requests are the tests' business: they send bad ones on purpose
                            .withLevel("validation.request", ValidationReport.Level.IGNORE)
                            .withLevel("validation.request.path.missing", ValidationReport.Level.ERROR)
                            .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.ERROR)
                            .build())
                    .build(), new com.fasterxml.jackson.databind.ObjectMapper().readTree(document.body())));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI document of " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 1500 ? body.substring(0, 1500) + "…" : body;
    }
}
