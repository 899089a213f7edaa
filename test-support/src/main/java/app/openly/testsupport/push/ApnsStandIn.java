package app.openly.testsupport.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PfxOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Apple Push Notification service's provider API, on {@code https://127.0.0.1:<port>}, for tests: what cannot
 * exist offline. Like APNs it speaks <b>HTTP/2 only</b> (TLS with ALPN {@code h2}; Vert.x's server, with a
 * certificate made by the JDK's {@code keytool} for 127.0.0.1 — {@link #trustStore()} is what a client must trust), and
 * it refuses a request made over HTTP/1.1. It creates the team's signing key (a P-256 key pair, what Apple's
 * {@code .p8} holds) and for each {@code POST /3/device/{token}} checks what APNs checks:
 * <ul>
 * <li>{@code authorization: bearer <provider token>}: an ES256 JWS whose signature verifies with the signing key's
 * public half, {@code kid} = the key id, {@code iss} = the team id, {@code iat} not in the future and less than an
 * hour old (403 {@code InvalidProviderToken} / {@code ExpiredProviderToken} / {@code MissingProviderToken});</li>
 * <li>{@code apns-topic} = the app's bundle id (400 {@code MissingTopic} / {@code BadTopic}), {@code apns-push-type}
 * {@code alert} or {@code background}, {@code apns-priority} 5 or 10, {@code apns-expiration} a number,
 * {@code apns-collapse-id} at most 64 bytes, a JSON payload with an {@code aps} object of at most 4096 bytes;</li>
 * <li>the device token: hex (400 {@code BadDeviceToken}), known, and not unregistered (410 {@code Unregistered}).</li>
 * </ul>
 * Accepted notifications are recorded (200 with an {@code apns-id}). Tests make it answer 429/5xx on demand and
 * unregister a device (the app was uninstalled).
 * <p>
 * Over 200 lines on purpose: it is the faithful stand-in for APNs, so every check the vendor makes is written
 * here in one place, in the order the vendor makes it (the shared JWS reading and waiting live in VendorJws and Await).
 */
public final class ApnsStandIn implements AutoCloseable {

    public static final String TOPIC = "app.openly.ios";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One request as received.
     *
     * @param headers the request's {@code apns-*} headers, lower-case names
     * @param payload the JSON payload (null when refused before reading it)
     */
    public record Received(String deviceToken, Instant at, HttpVersion version, int status, String reason, Map<String, String> headers, JsonNode payload) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public record Answer(int status, String reason, Map<String, String> headers) {
        public static Answer of(int status, String reason) {
            return new Answer(status, reason, Map.of());
        }

        public static Answer tooManyRequests(int retryAfterSeconds) {
            return new Answer(429, "TooManyRequests", Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
        }
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final KeyPair signingKey;
    private final String keyId = HexFormat.of().withUpperCase().formatHex(bytes(5));
    private final String teamId = HexFormat.of().withUpperCase().formatHex(bytes(5));
    private final Path trustStore;
    private final String trustStorePassword = HexFormat.of().formatHex(bytes(12));
    private final Set<String> devices = ConcurrentHashMap.newKeySet();
    private final Set<String> unregistered = ConcurrentHashMap.newKeySet();
    private final Map<String, Deque<Answer>> nextAnswers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private ApnsStandIn(Path dir) throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        signingKey = ec.generateKeyPair();
        Path serverStore = dir.resolve("apns-server.p12");
        trustStore = dir.resolve("apns-trust.p12");
        // The JDK's keytool makes the server's certificate (the JDK has no public API for it), for 127.0.0.1.
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "apns", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", serverStore.toString(), "-storepass", trustStorePassword, "-keypass", trustStorePassword)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            server.load(in, trustStorePassword.toCharArray());
        }
        Certificate certificate = server.getCertificate("apns");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("apns-stand-in", certificate);
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, trustStorePassword.toCharArray());
        }
        vertx = Vertx.vertx();
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                        .setSsl(true).setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                        .setKeyCertOptions(new PfxOptions().setPath(serverStore.toString()).setPassword(trustStorePassword)))
                .requestHandler(this::handle);
        this.server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public static ApnsStandIn start() {
        try {
            return new ApnsStandIn(Files.createTempDirectory("apns-stand-in"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the APNs stand-in", e);
        }
    }

    /** {@code https://127.0.0.1:<port>} ({@code openly.notifications.apns.base-url}). */
    public String baseUrl() {
        return "https://127.0.0.1:" + server.actualPort();
    }

    /** A PKCS#12 store with the stand-in's certificate ({@code openly.notifications.apns.trust-store}). */
    public String trustStore() {
        return trustStore.toString();
    }

    public String trustStorePassword() {
        return trustStorePassword;
    }

    public String keyId() {
        return keyId;
    }

    public String teamId() {
        return teamId;
    }

    /** The signing key as Apple's {@code .p8} file holds it (PKCS#8 PEM). */
    public String signingKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(signingKey.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** A new app installation on an iPhone: its device token (32 bytes, hex). */
    public String device() {
        String token = HexFormat.of().formatHex(bytes(32));
        devices.add(token);
        return token;
    }

    /** The app was uninstalled: APNs answers 410 Unregistered from now on. */
    public void unregister(String deviceToken) {
        unregistered.add(deviceToken);
    }

    public void answerNext(String deviceToken, Answer... answers) {
        nextAnswers.computeIfAbsent(deviceToken, k -> new ConcurrentLinkedDeque<>()).addAll(List.of(answers));
    }

    public List<Received> received(String deviceToken) {
        return received.stream().filter(r -> deviceToken.equals(r.deviceToken())).toList();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received awaitDelivered(String deviceToken, Predicate<Received> until, Duration timeout) {
        return Await.first(() -> received(deviceToken), r -> r.status() == 200, until, timeout, "APNs notification for the device");
    }

    private void handle(HttpServerRequest request) {
        request.body().onComplete(body -> {
            String path = request.path();
            String device = path.startsWith("/3/device/") ? path.substring("/3/device/".length()) : null;
            Map<String, String> headers = new java.util.TreeMap<>();
            request.headers().forEach(h -> {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (name.startsWith("apns-") || name.equals("content-type")) {
                    headers.put(name, h.getValue());
                }
            });
            if (request.version() != HttpVersion.HTTP_2) {
                // APNs has no HTTP/1.1 endpoint; a client that cannot speak HTTP/2 gets nowhere.
                record(request, device, 505, "HTTP/2 required", headers, null);
                return;
            }
            if (!"POST".equals(request.method().name()) || device == null) {
                record(request, device, 405, "MethodNotAllowed", headers, null);
                return;
            }
            String tokenProblem = providerTokenProblem(request.getHeader("authorization"));
            if (tokenProblem != null) {
                record(request, device, 403, tokenProblem, headers, null);
                return;
            }
            String topic = request.getHeader("apns-topic");
            if (topic == null) {
                record(request, device, 400, "MissingTopic", headers, null);
                return;
            }
            if (!TOPIC.equals(topic)) {
                record(request, device, 400, "BadTopic", headers, null);
                return;
            }
            String pushType = request.getHeader("apns-push-type");
            String priority = request.getHeader("apns-priority");
            String expiration = request.getHeader("apns-expiration");
            String collapseId = request.getHeader("apns-collapse-id");
            if (pushType == null || !Set.of("alert", "background").contains(pushType)) {
                record(request, device, 400, "InvalidPushType", headers, null);
                return;
            }
            if (priority != null && !Set.of("5", "10").contains(priority)) {
                record(request, device, 400, "BadPriority", headers, null);
                return;
            }
            if (expiration != null && !expiration.matches("\\d{1,12}")) {
                record(request, device, 400, "BadExpirationDate", headers, null);
                return;
            }
            if (collapseId != null && collapseId.getBytes(StandardCharsets.UTF_8).length > 64) {
                record(request, device, 400, "BadCollapseId", headers, null);
                return;
            }
            if (!device.matches("(?:[0-9a-f]{2}){32,100}")) {
                record(request, device, 400, "BadDeviceToken", headers, null);
                return;
            }
            JsonNode payload;
            byte[] bytes = body.succeeded() ? body.result().getBytes() : new byte[0];
            if (bytes.length > 4096) {
                record(request, device, 413, "PayloadTooLarge", headers, null);
                return;
            }
            try {
                payload = JSON.readTree(bytes);
            } catch (IOException e) {
                payload = null;
            }
            if (payload == null || !payload.path("aps").isObject()) {
                record(request, device, 400, "PayloadEmpty", headers, payload);
                return;
            }
            Deque<Answer> next = nextAnswers.get(device);
            Answer canned = next == null ? null : next.poll();
            if (canned != null) {
                canned.headers().forEach((k, v) -> request.response().putHeader(k, v));
                record(request, device, canned.status(), canned.reason(), headers, payload);
                return;
            }
            if (unregistered.contains(device)) {
                record(request, device, 410, "Unregistered", headers, payload);
                return;
            }
            if (!devices.contains(device)) {
                record(request, device, 400, "BadDeviceToken", headers, payload);
                return;
            }
            record(request, device, 200, null, headers, payload);
        });
    }

    /** Why the provider token is refused (APNs' reason), or null. */
    private String providerTokenProblem(String authorization) {
        if (authorization == null || !authorization.startsWith("bearer ")) {
            return "MissingProviderToken";
        }
        try {
            VendorJws jws = VendorJws.read(authorization.substring("bearer ".length()));
            if (jws == null) {
                return "InvalidProviderToken";
            }
            JsonNode claims = jws.claims();
            if (!"ES256".equals(jws.header().path("alg").asText()) || !keyId.equals(jws.header().path("kid").asText())
                    || !teamId.equals(claims.path("iss").asText()) || !jws.signedBy("SHA256withECDSAinP1363Format", signingKey.getPublic())) {
                return "InvalidProviderToken";
            }
            long iat = claims.path("iat").asLong(-1);
            long now = Instant.now().getEpochSecond();
            if (iat < 0 || iat > now + 60) {
                return "InvalidProviderToken";
            }
            if (now - iat > 3600) {
                return "ExpiredProviderToken";
            }
            return null;
        } catch (Exception e) {
            return "InvalidProviderToken";
        }
    }

    private void record(HttpServerRequest request, String device, int status, String reason, Map<String, String> headers, JsonNode payload) {
        received.add(new Received(device, Instant.now(), request.version(), status, reason, Map.copyOf(headers), payload));
        var response = request.response().setStatusCode(status).putHeader("apns-id", UUID.randomUUID().toString());
        if (reason == null) {
            response.end();
        } else {
            response.putHeader("content-type", "application/json")
                    .end("{\"reason\":\"" + reason + "\"" + (status == 410 ? ",\"timestamp\":" + System.currentTimeMillis() : "") + "}");
        }
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing a test helper: nothing left to do.
        }
    }
}
