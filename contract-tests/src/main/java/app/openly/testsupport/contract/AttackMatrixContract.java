package app.openly.testsupport.contract;

import app.openly.platform.privacy.PersonalData;
import app.openly.testsupport.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attack matrix and bad-input corpus every service runs (issue 16 §4): every endpoint the service's
 * OpenAPI document lists × {no token, expired, alg:none, HS256 with the public key, another key, wrong aud,
 * wrong iss, blank/NUL/absent sub, another person, another org's admin, a member without the role}, and
 * every endpoint with a body × the bad-input corpus (malformed, truncated, trailing tokens, duplicate keys,
 * deep nesting, 10 MB, no Content-Type, wrong JSON types, extreme dates, control/bidi/lone-surrogate
 * characters, a 20 KB unknown field name, 4-byte emoji). Each answer: never 5xx, a 4xx is always
 * problem+json with the security headers, never another person's data, and nothing of a refused request
 * stored (the person's rows in every table are the same before and after).
 * <p>
 * A service's test extends this class ({@code @QuarkusTest} with its infrastructure) and gives one
 * {@link Row} per endpoint. The endpoint list is the OpenAPI document's, so a new endpoint without a row
 * fails the build until someone says how to attack it.
 * <p>
 * Over 200 lines on purpose: most of it is the corpus itself (one named case a line, each the attack a reader looks
 * up) and the one sequence that makes a case an assertion (rows before, request, answer checks, rows after); split
 * apart, a reader would have to join them again to see what one case proves.
 */
public abstract class AttackMatrixContract {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final String CSP = "default-src 'none'; frame-ancestors 'none'";

    @Inject
    protected PersonalData personalData;

    /** Who may call an endpoint. */
    protected enum Access {
        /** A signed-in person, acting on their own data only. */
        PERSON,
        /** An organization's admin ({@code org-admin} of the organization in the path). */
        ORG_ADMIN,
        /** Anyone; no token needed (the endpoint decides on something else, e.g. a ticket). */
        PUBLIC
    }

    /** A person of the test: their id, organization and a valid token. */
    public record Person(String id, String org, String token) {
    }

    /** One concrete request; {@code secrets} are values of the owner's data that nobody else may ever be shown. */
    public record Call(String method, String path, Map<String, String> query, Map<String, String> headers,
                       String contentType, String body, List<String> secrets) {

        public static Call of(String method, String path) {
            return new Call(method, path, new LinkedHashMap<>(), new LinkedHashMap<>(), null, null, new ArrayList<>());
        }

        public Call query(String name, String value) {
            query.put(name, value);
            return this;
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Call json(String json) {
            return withBody("application/json", json);
        }

        public Call withBody(String type, String text) {
            return new Call(method, path, query, headers, type, text, secrets);
        }

        public Call secret(String value) {
            secrets.add(value);
            return this;
        }
    }

    /** An endpoint: who may call it and how its owner makes one valid call (creating what the call needs first). */
    public record Row(Access access, Function<Person, Call> valid) {
    }

    protected static Row person(Function<Person, Call> valid) {
        return new Row(Access.PERSON, valid);
    }

    protected static Row orgAdmin(Function<Person, Call> valid) {
        return new Row(Access.ORG_ADMIN, valid);
    }

    protected static Row open(Function<Person, Call> valid) {
        return new Row(Access.PUBLIC, valid);
    }

    /** One row per endpoint, keyed {@code "GET /api/v1/entries/{id}"} exactly as the OpenAPI document names it. */
    protected abstract Map<String, Row> rows();

    /**
     * Endpoints that are HTML pages a person opens from a link (e-mail confirmation, one-click unsubscribe), not API
     * operations: they answer pages in the person's language, never problem+json, so the matrix's API checks do not
     * apply. Each needs a reason here and its own test; anything else without a row still fails the build.
     */
    protected Map<String, String> pagesNotInMatrix() {
        return Map.of();
    }

    /** Tables whose rows a refused request may legitimately touch (e.g. a budget counting attempts). */
    protected Set<String> tablesARefusalMayTouch() {
        return Set.of();
    }

    // ------------------------------------------------------------------ people and tokens

    protected static Person newPerson(String org, String... groups) {
        String id = "atk-" + UUID.randomUUID();
        return new Person(id, org, TestTokens.forUser(id, org, groups));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String claims(String sub) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE + "\",\"sub\":\"" + sub
                + "\",\"upn\":\"" + sub + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
    }

    /** Every way a token can be wrong, each of which must be a 401 problem on every endpoint that needs one. */
    protected static Map<String, Supplier<String>> forgedTokens() {
        Map<String, Supplier<String>> tokens = new LinkedHashMap<>();
        tokens.put("no token", () -> null);
        tokens.put("expired", () -> TestTokens.expired("atk-expired"));
        tokens.put("alg:none", () -> b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims("atk-none")) + ".");
        tokens.put("HS256 keyed with the public key", () -> {
            try {
                String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"test\"}") + "." + b64(claims("atk-hs256"));
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(TestTokens.publicKeyPem().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
                return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        tokens.put("another key", () -> Jwt.issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE).subject("atk-other-key")
                .upn("atk-other-key").expiresIn(Duration.ofHours(1)).jws().keyId("test").sign(otherKey()));
        tokens.put("wrong aud", () -> TestTokens.forAnotherAudience("atk-aud"));
        tokens.put("wrong iss", () -> TestTokens.signedWith(c -> c.issuer("https://evil.example/issuer").audience(TestTokens.AUDIENCE)
                .subject("atk-iss").upn("atk-iss")));
        tokens.put("blank sub", () -> TestTokens.signedWith(c -> c.issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .subject("   ").upn("atk-blank")));
        tokens.put("NUL in sub", () -> TestTokens.signedWith(c -> c.issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .subject("atk\u0000admin").upn("atk-nul")));
        tokens.put("no sub", () -> TestTokens.signedWith(c -> c.issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .upn("atk-nosub")));
        tokens.put("not a token", () -> "not.a.token");
        return tokens;
    }

    private static PrivateKey otherKey;

    private static synchronized PrivateKey otherKey() {
        if (otherKey == null) {
            try {
                KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
                gen.initialize(2048);
                otherKey = gen.generateKeyPair().getPrivate();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return otherKey;
    }

    // ------------------------------------------------------------------ sending and judging

    /** An answer as received (java.net.http sends exactly what the call says: no Content-Type unless given). */
    public record Answer(int statusCode, java.net.http.HttpHeaders headers, String body) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public String asString() {
            return body;
        }
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build();

    protected static Answer send(Call call, String token) {
        if (call.body() != null && call.body().length() > 1_000_000) {
            return sendHuge(call, token);
        }
        StringBuilder url = new StringBuilder("http://localhost:" + RestAssured.port + call.path());
        char sep = '?';
        for (Map.Entry<String, String> q : call.query().entrySet()) {
            url.append(sep).append(java.net.URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        var builder = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url.toString())).timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        call.headers().forEach(builder::header);
        if (call.body() != null && call.contentType() != null) {
            builder.header("Content-Type", call.contentType());
        }
        builder.method(call.method(), call.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
        try {
            var r = HTTP.send(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.headers(), r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(call.method() + " " + call.path() + ": no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A body far over the limit is announced with its full Content-Length but only its start is written: the
     * server must answer (413) without reading it, and a client that writes on after the answer only gets a reset.
     */
    private static Answer sendHuge(Call call, String token) {
        byte[] body = call.body().getBytes(StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(call.method() + " " + call.path() + " HTTP/1.1\r\nHost: localhost\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            call.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (call.contentType() != null) {
                head.append("Content-Type: ").append(call.contentType()).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            var out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body, 0, 64 * 1024);
                out.flush();
            } catch (java.io.IOException answeredAlready) {
                // the server may answer and close before reading this much
            }
            var in = socket.getInputStream();
            java.io.ByteArrayOutputStream headBytes = new java.io.ByteArrayOutputStream();
            while (!headBytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                headBytes.write(b);
            }
            String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("Content-Length", List.of("0")).get(0));
            String answerBody = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Answer(status, java.net.http.HttpHeaders.of(headers, (a, b) -> true), answerBody);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(call.method() + " " + call.path() + " with a huge body: no answer", e);
        }
    }

    /** What every answer keeps: never 5xx, security headers, and a 4xx is problem+json. */
    protected static void judge(String what, Answer r) {
        int status = r.statusCode();
        assertTrue(status < 500, what + ": answered " + status + " " + r.asString());
        assertEquals(CSP, r.header("Content-Security-Policy"), what + ": Content-Security-Policy");
        assertEquals("no-referrer", r.header("Referrer-Policy"), what + ": Referrer-Policy");
        if (status >= 400) {
            String type = r.contentType();
            assertTrue(type != null && type.startsWith("application/problem+json"), what + ": " + status + " as " + type + ": " + r.asString());
        }
    }

    private String snapshot(String person) {
        Map<String, JsonNode> tables = new java.util.TreeMap<>(personalData.of(person));
        tablesARefusalMayTouch().forEach(tables::remove);
        return tables.toString();
    }

    // ------------------------------------------------------------------ the matrix

    @Test
    void everyDocumentedEndpointHasARowAndEveryRowAnEndpoint() throws Exception {
        JsonNode doc = JSON.readTree(RestAssured.given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
                    documented.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        assertFalse(documented.isEmpty(), "the OpenAPI document lists no endpoint");
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(rows().keySet());
        missing.removeAll(pagesNotInMatrix().keySet());
        // Only a page may stand outside the matrix: its document must say it answers text/html (not an API operation).
        pagesNotInMatrix().keySet().forEach(page -> {
            String[] methodAndPath = page.split(" ", 2);
            JsonNode responses = doc.path("paths").path(methodAndPath[1]).path(methodAndPath[0].toLowerCase()).path("responses");
            boolean html = false;
            for (Iterator<Map.Entry<String, JsonNode>> rs = responses.fields(); rs.hasNext(); ) {
                var r = rs.next();
                html |= r.getKey().startsWith("2") && r.getValue().path("content").has("text/html");
            }
            assertTrue(html, page + " is declared a page outside the matrix, but its document does not answer text/html");
        });
        assertEquals(Set.of(), missing, "endpoints without a row in the attack matrix: add one to this service's AttackMatrixTest");
        Set<String> stale = new TreeSet<>(rows().keySet());
        stale.removeAll(documented);
        assertEquals(Set.of(), stale, "rows for endpoints that are not (or no longer) documented");
    }

    @TestFactory
    Stream<DynamicTest> forgedTokensAreRefusedEverywhere() {
        List<DynamicTest> tests = new ArrayList<>();
        rows().forEach((endpoint, row) -> {
            if (row.access() == Access.PUBLIC) {
                return;
            }
            tests.add(DynamicTest.dynamicTest(endpoint, () -> {
                Person owner = newPerson("atk-org-" + UUID.randomUUID(), row.access() == Access.ORG_ADMIN ? new String[]{"org-admin"} : new String[0]);
                Call call = row.valid().apply(owner);
                String before = snapshot(owner.id());
                forgedTokens().forEach((name, token) -> {
                    Answer r = send(call, token.get());
                    judge(endpoint + " with " + name, r);
                    assertEquals(401, r.statusCode(), endpoint + " with " + name + ": " + r.asString());
                    assertEquals("Bearer", r.header("WWW-Authenticate"), endpoint + " with " + name);
                    leaksNothing(endpoint + " with " + name, r, owner, call);
                });
                assertEquals(before, snapshot(owner.id()), endpoint + ": a refused token changed what is stored");
            }));
        });
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> nobodyElseSeesOrChangesAnothersData() {
        List<DynamicTest> tests = new ArrayList<>();
        rows().forEach((endpoint, row) -> {
            if (row.access() == Access.PUBLIC) {
                return;
            }
            tests.add(DynamicTest.dynamicTest(endpoint, () -> {
                String org = "atk-org-" + UUID.randomUUID();
                boolean admin = row.access() == Access.ORG_ADMIN;
                Person owner = newPerson(org, admin ? new String[]{"org-admin"} : new String[0]);
                Call call = row.valid().apply(owner);
                Map<String, Person> intruders = new LinkedHashMap<>();
                intruders.put("another person of the same org", newPerson(org));
                intruders.put("another org's admin", newPerson("atk-other-" + UUID.randomUUID(), "org-admin"));
                if (admin) {
                    intruders.put("a member without the role", newPerson(org));
                    intruders.put("an admin role without the org", newPerson(null, "org-admin"));
                }
                String before = snapshot(owner.id());
                intruders.forEach((who, intruder) -> {
                    Answer r = send(call, intruder.token());
                    judge(endpoint + " by " + who, r);
                    if (admin) {
                        assertTrue(r.statusCode() == 403 || r.statusCode() == 404, endpoint + " by " + who + ": " + r.statusCode());
                    }
                    leaksNothing(endpoint + " by " + who, r, owner, call);
                });
                assertEquals(before, snapshot(owner.id()), endpoint + ": another person's request changed the owner's data");
            }));
        });
        return tests.stream();
    }

    private static void leaksNothing(String what, Answer r, Person owner, Call call) {
        String body = r.asString();
        assertFalse(body.contains(owner.id()), what + ": the answer names the owner");
        for (String secret : call.secrets()) {
            assertFalse(body.contains(secret), what + ": the answer holds the owner's " + secret);
        }
    }

    @TestFactory
    Stream<DynamicTest> badInputIsRefusedAndNothingIsStored() {
        List<DynamicTest> tests = new ArrayList<>();
        rows().forEach((endpoint, row) -> tests.add(DynamicTest.dynamicTest(endpoint, () -> {
            Person owner = newPerson("atk-org-" + UUID.randomUUID(), row.access() == Access.ORG_ADMIN ? new String[]{"org-admin"} : new String[0]);
            Call valid = row.valid().apply(owner);
            String token = row.access() == Access.PUBLIC ? null : owner.token();
            String before = snapshot(owner.id());
            for (Map.Entry<String, Call> bad : corpus(valid).entrySet()) {
                Answer r = send(bad.getValue(), token);
                judge(endpoint + " with " + bad.getKey(), r);
                assertTrue(r.statusCode() >= 400, endpoint + " with " + bad.getKey() + " was accepted (" + r.statusCode() + "): " + r.asString());
                assertTrue(r.asString().length() < 4096, endpoint + " with " + bad.getKey() + ": an answer of " + r.asString().length() + " characters");
                assertFalse(r.asString().contains("<script"), endpoint + " with " + bad.getKey() + ": echoes markup");
            }
            assertEquals(before, snapshot(owner.id()), endpoint + ": a refused request stored something");
            // Inputs that may be fine or refused, but never a failure: 4-byte emoji in every text, 3.5 for a number.
            Person other = newPerson(owner.org(), row.access() == Access.ORG_ADMIN ? new String[]{"org-admin"} : new String[0]);
            Call forOther = row.valid().apply(other);
            for (Map.Entry<String, Call> odd : oddButPossiblyFine(forOther).entrySet()) {
                judge(endpoint + " with " + odd.getKey(), send(odd.getValue(), row.access() == Access.PUBLIC ? null : other.token()));
            }
        })));
        return tests.stream();
    }

    /** Every refused variant of a valid call: each must be a 4xx problem and store nothing. */
    protected Map<String, Call> corpus(Call valid) {
        Map<String, Call> bad = new LinkedHashMap<>();
        valid.query().forEach((name, value) -> {
            for (String v : List.of("-999999999-01-01", "+999999999-12-31", "a\u0000b", "\u202e" + value, value + "\u001b")) {
                Call c = copy(valid);
                c.query().put(name, v);
                bad.put("query " + name + "=" + escape(v), c);
            }
        });
        if (valid.body() == null) {
            return bad;
        }
        String body = valid.body();
        bad.put("malformed JSON", valid.withBody(valid.contentType(), "{\"practice\":"));
        bad.put("truncated JSON", valid.withBody(valid.contentType(), body.substring(0, body.length() / 2)));
        bad.put("trailing tokens", valid.withBody(valid.contentType(), body + "}}"));
        bad.put("a second document", valid.withBody(valid.contentType(), body + " " + body));
        bad.put("deep nesting", valid.withBody(valid.contentType(), "{\"a\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}"));
        bad.put("10 MB body", valid.withBody(valid.contentType(), "{\"a\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}"));
        bad.put("no Content-Type", valid.withBody(null, body));
        bad.put("text/plain", valid.withBody("text/plain", body));
        bad.put("not an object", valid.withBody(valid.contentType(), "[" + body + "]"));
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("the valid body of " + valid.path() + " is not JSON", e);
        }
        if (tree instanceof ObjectNode object && object.size() > 0) {
            String first = object.fieldNames().next();
            bad.put("duplicate key " + first, valid.withBody(valid.contentType(),
                    "{\"" + first + "\":" + object.get(first) + "," + body.trim().substring(1)));
            ObjectNode unknown = object.deepCopy();
            unknown.put("<script>" + "x".repeat(20_000), 1);
            bad.put("a 20 KB unknown field name", valid.withBody(valid.contentType(), unknown.toString()));
        }
        for (Map.Entry<String, JsonNode> mutation : mutations(tree, true).entrySet()) {
            bad.put(mutation.getKey(), valid.withBody(valid.contentType(), escaped(mutation.getValue())));
        }
        return bad;
    }

    /** JSON with every non-ASCII character escaped: a lone surrogate must reach the service as {@code \\ud800}, not as '?'. */
    private static String escaped(JsonNode node) {
        try {
            return JSON.writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Variants that a service may accept or refuse (never fail on): 4-byte emoji in text, 3.5 for a number. */
    protected Map<String, Call> oddButPossiblyFine(Call valid) {
        Map<String, Call> odd = new LinkedHashMap<>();
        if (valid.body() == null) {
            return odd;
        }
        try {
            for (Map.Entry<String, JsonNode> m : mutations(JSON.readTree(valid.body()), false).entrySet()) {
                odd.put(m.getKey(), valid.withBody(valid.contentType(), m.getValue().toString()));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return odd;
    }

    /** Each leaf of {@code root} replaced once: by refused values when {@code refused}, else by odd-but-valid ones. */
    private static Map<String, JsonNode> mutations(JsonNode root, boolean refused) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        List<List<Object>> leaves = new ArrayList<>();
        collect(root, new ArrayList<>(), leaves);
        for (List<Object> path : leaves) {
            JsonNode leaf = at(root, path);
            List<Map.Entry<String, JsonNode>> replacements = new ArrayList<>();
            if (refused) {
                if (leaf.isTextual()) {
                    String t = leaf.asText();
                    replacements.add(Map.entry("NUL", TextNode.valueOf(t + "\u0000")));
                    replacements.add(Map.entry("ESC", TextNode.valueOf("\u001b[2J" + t)));
                    replacements.add(Map.entry("RLO", TextNode.valueOf("\u202e" + t)));
                    replacements.add(Map.entry("lone surrogate", TextNode.valueOf(t + "\ud800")));
                    replacements.add(Map.entry("a number", JsonNodeFactory.instance.numberNode(123)));
                    if (t.matches("\\d{4}-\\d{2}-\\d{2}.*")) {
                        replacements.add(Map.entry("year +999999999", TextNode.valueOf("+999999999" + t.substring(4))));
                        replacements.add(Map.entry("year -999999999", TextNode.valueOf("-999999999" + t.substring(4))));
                        replacements.add(Map.entry("year 1899", TextNode.valueOf("1899" + t.substring(4))));
                        replacements.add(Map.entry("a number for a date", JsonNodeFactory.instance.numberNode(20261231)));
                    }
                } else if (leaf.isIntegralNumber()) {
                    replacements.add(Map.entry("a numeric string", TextNode.valueOf(leaf.asText())));
                    replacements.add(Map.entry("true", JsonNodeFactory.instance.booleanNode(true)));
                } else if (leaf.isBoolean()) {
                    replacements.add(Map.entry("1 for a boolean", JsonNodeFactory.instance.numberNode(1)));
                    replacements.add(Map.entry("a boolean string", TextNode.valueOf(leaf.asText())));
                }
            } else {
                if (leaf.isTextual()) {
                    replacements.add(Map.entry("4-byte emoji", TextNode.valueOf(leaf.asText() + " 🌱🫶🏽")));
                } else if (leaf.isIntegralNumber()) {
                    replacements.add(Map.entry("3.5", JsonNodeFactory.instance.numberNode(3.5)));
                }
            }
            for (Map.Entry<String, JsonNode> r : replacements) {
                JsonNode copy = root.deepCopy();
                set(copy, path, r.getValue());
                out.put(describe(path) + ": " + r.getKey(), copy);
            }
        }
        return out;
    }

    private static void collect(JsonNode node, List<Object> path, List<List<Object>> leaves) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                List<Object> p = new ArrayList<>(path);
                p.add(e.getKey());
                collect(e.getValue(), p, leaves);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> p = new ArrayList<>(path);
                p.add(i);
                collect(node.get(i), p, leaves);
            }
        } else if (!node.isNull()) {
            leaves.add(path);
        }
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode n = root;
        for (Object step : path) {
            n = step instanceof Integer i ? n.get(i) : n.get((String) step);
        }
        return n;
    }

    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }

    private static String describe(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(step);
            }
        }
        return sb.toString();
    }

    private static Call copy(Call c) {
        return new Call(c.method(), c.path(), new LinkedHashMap<>(c.query()), new LinkedHashMap<>(c.headers()),
                c.contentType(), c.body(), c.secrets());
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }

    /** A value from a JSON answer, for a row's set-up (an id to put in the path). */
    protected static String field(Response r, String name) {
        assertTrue(r.statusCode() < 300, "set-up failed: " + r.statusCode() + " " + r.asString());
        String value = r.jsonPath().getString(name);
        assertNotNull(value, "set-up: no " + name + " in " + r.asString());
        return value;
    }
}
