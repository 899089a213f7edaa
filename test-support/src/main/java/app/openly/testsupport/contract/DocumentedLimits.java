package app.openly.testsupport.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;

/**
 * Posts every boundary the service's own OpenAPI document states (maxLength, minLength, maximum, minimum, maxItems of a
 * request body's properties and of an operation's path, query and header parameters): the value at the limit must be
 * accepted and the value one past it refused with 400 naming the field or parameter. Every parameter that states a limit
 * must be probed (or excused with a reason). So a limit the document states is one the code enforces, at the
 * same place. Reports every mismatch at once.
 * <p>
 * Over 200 lines on purpose: reading a limit from the document, building the value at and one past it for each kind
 * (string length, number range, array size; body, path, query, header) and checking the answer are one walk over the
 * document, kept together so a kind of limit cannot be read without also being probed.
 */
public final class DocumentedLimits {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final List<String> mismatches = new ArrayList<>();
    private int probes;
    private int alsoAccepting = -1;
    /** "METHOD path name" of every parameter whose limits were probed, or that was excused with a reason. */
    private final Set<String> parametersCovered = new java.util.HashSet<>();

    private DocumentedLimits(JsonNode document) {
        this.document = document;
    }

    /** The document of the service under test (as served at /q/openapi). */
    public static DocumentedLimits ofServiceUnderTest() {
        try {
            return new DocumentedLimits(JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every limit of the properties of {@code schemaName}: each probe is {@code base} with one property set at or one past
     * its limit, sent by {@code send}. {@code noValidValueAtLimit} names properties whose value at the limit cannot be
     * valid for another reason (a 64-character IANA zone does not exist): only one past is probed for them.
     */
    public DocumentedLimits body(String schemaName, Supplier<ObjectNode> base, Function<String, Response> send, Set<String> noValidValueAtLimit) {
        JsonNode schema = document.path("components").path("schemas").path(schemaName);
        if (schema.isMissingNode()) {
            mismatches.add("no schema " + schemaName + " in the document");
            return this;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            var property = it.next();
            String field = property.getKey();
            JsonNode p = property.getValue();
            for (Probe probe : probes(field, p)) {
                if (probe.withinLimit && noValidValueAtLimit.contains(field)) {
                    continue;
                }
                ObjectNode body = base.get();
                body.set(field, probe.value);
                check(schemaName + "." + field + " " + probe.what, send.apply(body.toString()), probe.withinLimit, field);
            }
        }
        return this;
    }

    /** Every limit of the integer query parameters of {@code method path}, sent by {@code request} with a value. */
    public DocumentedLimits query(String method, String path, Function<Map<String, Object>, Response> send) {
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase());
        for (JsonNode parameter : operation.path("parameters")) {
            if (!"query".equals(parameter.path("in").asText())) {
                continue;
            }
            String name = parameter.path("name").asText();
            JsonNode schema = parameter.path("schema");
            if (schema.has("maximum") || schema.has("minimum")) {
                parametersCovered.add(method.toUpperCase() + " " + path + " " + name);
            }
            if (schema.has("maximum")) {
                long max = schema.path("maximum").asLong();
                check(method + " " + path + " ?" + name + "=" + max + " (maximum)", send.apply(Map.of(name, max)), true, name);
                check(method + " " + path + " ?" + name + "=" + (max + 1) + " (maximum + 1)", send.apply(Map.of(name, max + 1)), false, name);
            }
            if (schema.has("minimum")) {
                long min = schema.path("minimum").asLong();
                check(method + " " + path + " ?" + name + "=" + min + " (minimum)", send.apply(Map.of(name, min)), true, name);
                check(method + " " + path + " ?" + name + "=" + (min - 1) + " (minimum - 1)", send.apply(Map.of(name, min - 1)), false, name);
            }
        }
        return this;
    }

    /** One value of one parameter, for a {@code send} function of {@link #parameters}. */
    public record ParameterValue(String in, String name, String value) {
    }

    /**
     * Every limit of the path, query and header parameters of {@code method path} (maxLength, minLength of strings;
     * maximum, minimum of integers): each probe sends one parameter at or one past its limit through {@code send}, all
     * others valid. {@code noValidValueAtLimit} names parameters whose value at the limit cannot be valid for another
     * reason (no IANA zone id is 64 characters long; no cursor of 200 characters was ever issued): only one past is
     * probed for them. {@link #verify} fails when a parameter with a limit anywhere in the document was not probed.
     */
    public DocumentedLimits parameters(String method, String path, Function<ParameterValue, Response> send, Set<String> noValidValueAtLimit) {
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase());
        if (operation.isMissingNode()) {
            mismatches.add("no operation " + method + " " + path + " in the document");
            return this;
        }
        for (JsonNode parameter : operation.path("parameters")) {
            String in = parameter.path("in").asText();
            String name = parameter.path("name").asText();
            List<Probe> found = probes(name, parameter.path("schema"));
            for (Probe probe : found) {
                if (probe.withinLimit && noValidValueAtLimit.contains(name)) {
                    continue;
                }
                if ("header".equals(in) && probe.value.isTextual() && probe.value.asText().isEmpty()) {
                    // an empty header field reaches the service as no header at all (allowed when not required)
                    continue;
                }
                check(method + " " + path + " " + in + " " + name + " " + probe.what,
                        send.apply(new ParameterValue(in, name, probe.value.asText())), probe.withinLimit, name);
            }
            if (!found.isEmpty()) {
                parametersCovered.add(method.toUpperCase() + " " + path + " " + name);
            }
        }
        return this;
    }

    /** A parameter's limits are not probed, for the reason given (shown nowhere but here: make it a good one). */
    public DocumentedLimits notProbed(String method, String path, String name, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("say why " + name + " is not probed");
        }
        parametersCovered.add(method.toUpperCase() + " " + path + " " + name);
        return this;
    }

    /**
     * A {@code send} function for {@link #parameters}: {@code request} (a fresh specification each time, e.g. with a
     * token) sent to {@code method path}, its path parameters filled from {@code validPathValues} except the one probed.
     */
    public static Function<ParameterValue, Response> sending(Supplier<RequestSpecification> request, String method, String path,
                                                            Map<String, String> validPathValues) {
        return p -> {
            RequestSpecification r = request.get();
            Map<String, Object> pathValues = new java.util.HashMap<>(validPathValues);
            switch (p.in()) {
                case "path" -> pathValues.put(p.name(), p.value());
                case "query" -> r.queryParam(p.name(), p.value());
                case "header" -> r.header(p.name(), p.value());
                default -> throw new IllegalArgumentException("a parameter in " + p.in());
            }
            return r.pathParams(pathValues).request(method, path);
        };
    }

    /**
     * For the probes that follow: this status also means the value was accepted (e.g. 404 for an id that exists for
     * nobody: the body passed validation, which comes first).
     */
    public DocumentedLimits alsoAccepting(int status) {
        alsoAccepting = status;
        return this;
    }

    /** Fails with every mismatch between the document's limits and the service's answers; also when nothing was probed. */
    public void verify(int atLeastProbes) {
        everyParameterLimitWasProbed();
        if (probes < atLeastProbes) {
            mismatches.add("only " + probes + " boundary probes ran, expected at least " + atLeastProbes + " (did the document lose its limits?)");
        }
        if (!mismatches.isEmpty()) {
            throw new AssertionError("The OpenAPI document's limits and the service disagree:\n  " + String.join("\n  ", mismatches));
        }
    }

    /** Every path/query/header parameter of an /api/ operation that states a limit was probed or excused. */
    private void everyParameterLimitWasProbed() {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                var op = ops.next();
                for (JsonNode parameter : op.getValue().path("parameters")) {
                    String name = parameter.path("name").asText();
                    String key = op.getKey().toUpperCase() + " " + path.getKey() + " " + name;
                    if (!probes(name, parameter.path("schema")).isEmpty() && !parametersCovered.contains(key)) {
                        mismatches.add(key + " (" + parameter.path("in").asText() + "): the document states a limit nobody probed");
                    }
                }
            }
        }
    }

    /** The maxLength the document states for a property of a schema (-1 when it states none). */
    public int maxLength(String schemaName, String property) {
        return document.path("components").path("schemas").path(schemaName).path("properties").path(property).path("maxLength").asInt(-1);
    }

    public int probes() {
        return probes;
    }

    private void check(String what, Response answer, boolean withinLimit, String field) {
        probes++;
        int status = answer.statusCode();
        if (withinLimit) {
            if (status >= 300 && status != alsoAccepting) {
                mismatches.add(what + ": at the documented limit, expected acceptance, got " + status + " " + answer.asString());
            }
        } else if (status != 400) {
            mismatches.add(what + ": one past the documented limit, expected 400, got " + status);
        } else {
            List<String> fields = answer.jsonPath().getList("errors.field", String.class);
            if (fields == null || fields.stream().noneMatch(f -> f.equals(field) || f.startsWith(field + "[") || f.startsWith(field + "."))) {
                mismatches.add(what + ": 400 should name " + field + ", named " + fields);
            }
        }
    }

    private record Probe(String what, JsonNode value, boolean withinLimit) {
    }

    private static List<Probe> probes(String field, JsonNode p) {
        List<Probe> probes = new ArrayList<>();
        JsonNodeFactory f = JsonNodeFactory.instance;
        String type = p.path("type").asText();
        if ("string".equals(type) && !p.has("format") && !p.has("enum")) {
            String pattern = p.path("pattern").asText(null);
            if (p.has("maxLength")) {
                int max = p.path("maxLength").asInt();
                String atLimit = text(max, pattern);
                if (atLimit != null) {
                    probes.add(new Probe("length " + max + " (maxLength)", f.textNode(atLimit), true));
                }
                probes.add(new Probe("length " + (max + 1) + " (maxLength + 1)", f.textNode(firstNonNull(text(max + 1, pattern), text(max + 1))), false));
            }
            if (p.has("minLength") && p.path("minLength").asInt() > 0) {
                int min = p.path("minLength").asInt();
                String atLimit = text(min, pattern);
                if (atLimit != null) {
                    probes.add(new Probe("length " + min + " (minLength)", f.textNode(atLimit), true));
                }
                probes.add(new Probe("length " + (min - 1) + " (minLength - 1)", f.textNode(firstNonNull(text(min - 1, pattern), text(min - 1))), false));
            }
        }
        if ("integer".equals(type) || "number".equals(type)) {
            if (p.has("maximum")) {
                long max = p.path("maximum").asLong();
                probes.add(new Probe("= " + max + " (maximum)", f.numberNode(max), true));
                probes.add(new Probe("= " + (max + 1) + " (maximum + 1)", f.numberNode(max + 1), false));
            }
            if (p.has("minimum")) {
                long min = p.path("minimum").asLong();
                probes.add(new Probe("= " + min + " (minimum)", f.numberNode(min), true));
                probes.add(new Probe("= " + (min - 1) + " (minimum - 1)", f.numberNode(min - 1), false));
            }
        }
        if ("array".equals(type)) {
            JsonNode items = p.path("items");
            boolean distinctPossible = !items.has("$ref") && !items.has("enum");
            if (p.has("maxItems") && distinctPossible) {
                int max = p.path("maxItems").asInt();
                probes.add(new Probe(max + " items (maxItems)", list(items, max), true));
                probes.add(new Probe((max + 1) + " items (maxItems + 1)", list(items, max + 1), false));
            }
            if ("string".equals(items.path("type").asText()) && items.has("maxLength") && !items.has("format")) {
                int max = items.path("maxLength").asInt();
                probes.add(new Probe("an item of length " + max + " (items.maxLength)", f.arrayNode().add(text(max)), true));
                probes.add(new Probe("an item of length " + (max + 1) + " (items.maxLength + 1)", f.arrayNode().add(text(max + 1)), false));
            }
        }
        return probes;
    }

    /** Distinct valid items: dates for format date, else short words. */
    private static ArrayNode list(JsonNode items, int n) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < n; i++) {
            if ("date".equals(items.path("format").asText())) {
                array.add(LocalDate.of(2026, 1, 1).plusDays(i).toString());
            } else {
                array.add("w" + i);
            }
        }
        return array;
    }

    /**
     * Text of exactly n characters that the documented pattern (searched, as JSON Schema does) accepts: words and
     * spaces, or one run of letters; null when neither fits the pattern (then no value at the limit is probed).
     */
    private static String text(int n, String pattern) {
        if (pattern == null) {
            return text(n);
        }
        java.util.regex.Pattern compiled = java.util.regex.Pattern.compile(pattern);
        for (String candidate : List.of(text(n), "a".repeat(n))) {
            if (compiled.matcher(candidate).find()) {
                return candidate;
            }
        }
        return null;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** Text of exactly n characters, words and spaces (never blank, nothing a pattern for "not blank" refuses). */
    private static String text(int n) {
        StringBuilder sb = new StringBuilder(n);
        while (sb.length() < n) {
            sb.append(sb.length() % 6 == 5 ? ' ' : 'a');
        }
        if (n > 0) {
            sb.setCharAt(0, 'a');
            sb.setCharAt(n - 1, 'a');
        }
        return sb.toString();
    }

    /** A request with a bearer token, for {@code send} functions. */
    public static RequestSpecification as(String bearerToken) {
        return given().auth().oauth2(bearerToken).contentType("application/json");
    }
}
