package app.openly.testsupport.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Firebase Cloud Messaging's HTTP v1 API and Google's OAuth token endpoint, on {@code http://127.0.0.1:<port>}, for
 * tests: what cannot exist offline. It creates a service account (an RSA key pair, the key JSON Google would hand
 * out) and then does what Google does:
 * <ul>
 * <li>{@code POST /token} (the key's {@code token_uri}): the JWT-bearer grant (RFC 7523). The assertion's RS256
 * signature is verified with the service account's <em>public</em> key, {@code kid} must be the key's id,
 * {@code iss} the account's e-mail, {@code aud} this token URI, {@code scope} FCM's, {@code exp} in the future and
 * at most an hour after {@code iat}. Answers a random access token valid for an hour, or 400 {@code invalid_grant}.</li>
 * <li>{@code POST /v1/projects/{project}/messages:send}: requires {@code Authorization: Bearer} with a token it
 * issued and that has not expired (401 {@code UNAUTHENTICATED} otherwise), the right project, a JSON
 * {@code message} with a {@code token}; an unknown or unregistered device token answers 404 with
 * {@code errorCode: UNREGISTERED}, as FCM does. Accepted messages are recorded (200 with a message name).</li>
 * </ul>
 * Tests make it answer 429/5xx on demand per device, unregister a device (the app was uninstalled), and expire the
 * access tokens it issued.
 * <p>
 * Over 200 lines on purpose: it is the faithful stand-in for FCM, so every check the vendor makes is written
 * here in one place, in the order the vendor makes it (the shared JWS reading and waiting live in VendorJws and Await).
 */
public final class FcmStandIn implements AutoCloseable {

    public static final String PROJECT = "openly-test";
    private static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One request to messages:send as received.
     *
     * @param message the {@code message} object sent (null when refused before reading it)
     */
    public record Received(String deviceToken, Instant at, int status, JsonNode message, String problem) {
    }

    /** A canned answer given instead of accepting a message. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer of(int status) {
            return new Answer(status, Map.of(), "{\"error\":{\"code\":" + status + ",\"status\":\"UNAVAILABLE\"}}");
        }

        public static Answer tooManyRequests(int retryAfterSeconds) {
            return new Answer(429, Map.of("Retry-After", String.valueOf(retryAfterSeconds)),
                    "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"errorCode\":\"QUOTA_EXCEEDED\"}]}}");
        }
    }

    private final HttpServer server;
    private final String origin;
    private final KeyPair serviceAccountKey;
    private final String keyId = HexFormat.of().formatHex(bytes(20));
    private final String clientEmail = "reminders@" + PROJECT + ".iam.gserviceaccount.com";
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Set<String> devices = ConcurrentHashMap.newKeySet();
    private final Map<String, Deque<Answer>> nextAnswers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();

    private FcmStandIn() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        serviceAccountKey = rsa.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fcm-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/token", this::token);
        server.createContext("/v1/projects/", this::send);
        server.start();
        origin = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public static FcmStandIn start() {
        try {
            return new FcmStandIn();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the FCM stand-in", e);
        }
    }

    /** The base URL of the FCM API ({@code openly.notifications.fcm.base-url}). */
    public String baseUrl() {
        return origin;
    }

    /** The service-account key JSON, as the Firebase console downloads it ({@code openly.notifications.fcm.service-account}). */
    public String serviceAccountJson() {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("type", "service_account");
        key.put("project_id", PROJECT);
        key.put("private_key_id", keyId);
        key.put("private_key", "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(serviceAccountKey.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        key.put("client_email", clientEmail);
        key.put("token_uri", origin + "/token");
        try {
            return JSON.writeValueAsString(key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new app installation: its FCM registration token. */
    public String device() {
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(16)) + ":APA91b"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(100));
        devices.add(token);
        return token;
    }

    /** The app was uninstalled: FCM answers 404 UNREGISTERED from now on. */
    public void unregister(String deviceToken) {
        devices.remove(deviceToken);
    }

    public void answerNext(String deviceToken, Answer... answers) {
        nextAnswers.computeIfAbsent(deviceToken, k -> new ConcurrentLinkedDeque<>()).addAll(List.of(answers));
    }

    /** Every access token issued so far expires now (the next send with one answers 401). */
    public void expireAccessTokens() {
        accessTokens.replaceAll((token, expires) -> Instant.EPOCH);
    }

    /** How many access tokens were issued (a sender that caches them asks rarely). */
    public int accessTokensIssued() {
        return tokenRequests.size();
    }

    public List<Received> received(String deviceToken) {
        return received.stream().filter(r -> deviceToken.equals(r.deviceToken())).toList();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits for an accepted message to {@code deviceToken} matching {@code until}. */
    public Received awaitDelivered(String deviceToken, Predicate<Received> until, Duration timeout) {
        return Await.first(() -> received(deviceToken), r -> r.status() == 200, until, timeout, "FCM message for the device");
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "{\"error\":\"invalid_request\"}");
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String problem = grantProblem(form);
            if (problem != null) {
                tokenRequests.add("refused: " + problem);
                reply(exchange, 400, JSON.writeValueAsString(Map.of("error", "invalid_grant", "error_description", problem)));
                return;
            }
            String accessToken = "ya29." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
            accessTokens.put(accessToken, Instant.now().plusSeconds(3600));
            tokenRequests.add("issued");
            reply(exchange, 200, JSON.writeValueAsString(Map.of("access_token", accessToken, "expires_in", 3599, "token_type", "Bearer")));
        }
    }

    /** Why the JWT-bearer grant is refused, or null. */
    private String grantProblem(Map<String, String> form) {
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return "grant_type is not jwt-bearer";
        }
        try {
            VendorJws jws = VendorJws.read(form.get("assertion"));
            if (jws == null) {
                return "assertion is not a compact JWS";
            }
            JsonNode claims = jws.claims();
            if (!"RS256".equals(jws.header().path("alg").asText()) || !keyId.equals(jws.header().path("kid").asText())) {
                return "alg must be RS256 and kid the service account's key id";
            }
            if (!jws.signedBy("SHA256withRSA", (RSAPublicKey) serviceAccountKey.getPublic())) {
                return "Invalid JWT Signature.";
            }
            long now = Instant.now().getEpochSecond();
            long iat = claims.path("iat").asLong(-1);
            long exp = claims.path("exp").asLong(-1);
            if (!clientEmail.equals(claims.path("iss").asText())) {
                return "iss is not the service account";
            }
            if (!(origin + "/token").equals(claims.path("aud").asText())) {
                return "aud is not this token endpoint";
            }
            if (!List.of(claims.path("scope").asText().split(" ")).contains(SCOPE)) {
                return "scope does not include firebase.messaging";
            }
            if (iat < 0 || iat > now + 60 || exp <= now || exp - iat > 3600) {
                return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe";
            }
            return null;
        } catch (Exception e) {
            return "assertion cannot be read: " + e.getClass().getSimpleName();
        }
    }

    private void send(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.equals("/v1/projects/" + PROJECT + "/messages:send")) {
                reply(exchange, 404, error(404, "NOT_FOUND", null));
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Instant expires = authorization == null || !authorization.startsWith("Bearer ") ? null : accessTokens.get(authorization.substring(7));
            if (expires == null || !Instant.now().isBefore(expires)) {
                received.add(new Received(null, Instant.now(), 401, null, "no valid access token"));
                reply(exchange, 401, error(401, "UNAUTHENTICATED", null));
                return;
            }
            JsonNode message;
            try {
                message = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("message");
            } catch (IOException e) {
                reply(exchange, 400, error(400, "INVALID_ARGUMENT", null));
                return;
            }
            String device = message.path("token").asText(null);
            if (device == null || !message.path("notification").isObject()) {
                received.add(new Received(device, Instant.now(), 400, message, "no token or notification"));
                reply(exchange, 400, error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT"));
                return;
            }
            Deque<Answer> next = nextAnswers.get(device);
            Answer canned = next == null ? null : next.poll();
            if (canned != null) {
                received.add(new Received(device, Instant.now(), canned.status(), message, "canned"));
                canned.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                reply(exchange, canned.status(), canned.body());
                return;
            }
            if (!devices.contains(device)) {
                received.add(new Received(device, Instant.now(), 404, message, "unregistered"));
                reply(exchange, 404, error(404, "NOT_FOUND", "UNREGISTERED"));
                return;
            }
            received.add(new Received(device, Instant.now(), 200, message, null));
            reply(exchange, 200, JSON.writeValueAsString(Map.of("name", "projects/" + PROJECT + "/messages/" + RANDOM.nextLong())));
        }
    }

    private static String error(int code, String status, String errorCode) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error").put("code", code).put("status", status);
        if (errorCode != null) {
            error.putArray("details").addObject().put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError").put("errorCode", errorCode);
        }
        return JSON.writeValueAsString(root);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** For tests that list what was asked of the token endpoint. */
    public List<String> tokenRequests() {
        return new ArrayList<>(tokenRequests);
    }
}
