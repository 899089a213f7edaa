package app.openly.testsupport.push;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A browser vendor's push service (RFC 8030), on {@code http://127.0.0.1:<port>}, for tests: what cannot exist
 * offline. It holds the browser's side of each subscription (its P-256 key pair and auth secret), and for
 * every push request does what FCM, Mozilla autopush or Apple's service do before accepting a message:
 * requires {@code TTL}, {@code Content-Encoding: aes128gcm}, a valid {@code Urgency} and {@code Topic}, checks the
 * VAPID token (ES256 signature by {@code k}, {@code aud} = this origin, {@code exp} within 24 h, {@code sub}) and
 * that {@code k} is the key the subscription was created with; then it <em>decrypts</em> the payload as the
 * browser would, so a test asserts what the person's device would show.
 * <p>
 * Tests make it answer 404/410 (unsubscribed), 429 with {@code Retry-After}, or 5xx on demand, per subscription.
 * <p>
 * Over 200 lines on purpose: it is the faithful stand-in for a Web Push service, so every check the vendor makes is written
 * here in one place, in the order the vendor makes it (VAPID in VapidToken, the shared waiting in Await).
 */
public final class PushServiceStandIn implements AutoCloseable {

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The browser's side of one subscription: what {@code PushSubscription.toJSON()} gives, plus its secrets. */
    public record Subscription(String id, String endpoint, String p256dh, String auth, ECPrivateKey privateKey) {
        /** The subscription as the browser hands it to the application. */
        public Map<String, Object> json() {
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("endpoint", endpoint);
            json.put("expirationTime", null);
            json.put("keys", Map.of("p256dh", p256dh, "auth", auth));
            return json;
        }
    }

    /** A canned answer, given instead of accepting a message. */
    public record Answer(int status, Map<String, String> headers) {
        public static Answer of(int status) {
            return new Answer(status, Map.of());
        }

        public static Answer tooManyRequests(int retryAfterSeconds) {
            return new Answer(429, Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
        }
    }

    /**
     * One push request as received.
     *
     * @param status    what the stand-in answered
     * @param plaintext the decrypted payload (null when the request was refused before decryption)
     * @param problem   why it was refused, if it was
     */
    public record Received(String subscriptionId, Instant at, int status, Map<String, String> headers, VapidToken vapid,
                           String plaintext, String problem) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final String origin;
    private final String expectedVapidKey;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Deque<Answer>> nextAnswers = new ConcurrentHashMap<>();
    private final Map<String, Answer> alwaysAnswers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private PushServiceStandIn(String expectedVapidKey) throws IOException {
        this.expectedVapidKey = expectedVapidKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "push-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/push/", this::handle);
        server.start();
        origin = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Starts a push service whose subscriptions were created with {@code applicationServerKey} = {@code vapidPublicKey}
     * (base64url); a message signed with another key is refused with 403, as browsers' push services do.
     */
    public static PushServiceStandIn start(String vapidPublicKey) {
        try {
            return new PushServiceStandIn(vapidPublicKey);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the push-service stand-in", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the VAPID audience and what the service's allow-list must name. */
    public String origin() {
        return origin;
    }

    /** A new subscription, as {@code pushManager.subscribe()} creates in a browser. */
    public Subscription subscribe() {
        KeyPair pair = PushCrypto.newKeyPair();
        byte[] auth = new byte[16];
        RANDOM.nextBytes(auth);
        String id = UUID.randomUUID().toString();
        Subscription s = new Subscription(id, origin + "/push/" + id, PushCrypto.base64Url(PushCrypto.uncompressed((ECPublicKey) pair.getPublic())),
                PushCrypto.base64Url(auth), (ECPrivateKey) pair.getPrivate());
        subscriptions.put(id, s);
        return s;
    }

    /** The next requests for {@code s} get these answers, in order; then messages are accepted again. */
    public void answerNext(Subscription s, Answer... answers) {
        nextAnswers.computeIfAbsent(s.id(), k -> new ConcurrentLinkedDeque<>()).addAll(List.of(answers));
    }

    /** Every request for {@code s} gets {@code answer} (e.g. 410: the person unsubscribed in the browser). */
    public void answerAlways(Subscription s, Answer answer) {
        alwaysAnswers.put(s.id(), answer);
    }

    /** Every request received, refused or accepted, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(Subscription s) {
        return received.stream().filter(r -> r.subscriptionId().equals(s.id())).toList();
    }

    /** Accepted (201) and decrypted messages for {@code s}. */
    public List<Received> delivered(Subscription s) {
        return received(s).stream().filter(r -> r.status() == 201).toList();
    }

    /** Waits for an accepted message for {@code s} matching {@code which}. */
    public Received awaitDelivered(Subscription s, Predicate<Received> which, Duration timeout) {
        return Await.first(() -> received(s), r -> r.status() == 201, which, timeout, "message for subscription " + s.id());
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        String id = exchange.getRequestURI().getPath().substring("/push/".length());
        Map<String, String> headers = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Subscription s = subscriptions.get(id);
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, id, at, headers, null, null, Answer.of(405), "method " + exchange.getRequestMethod());
            return;
        }
        if (s == null) {
            answer(exchange, id, at, headers, null, null, Answer.of(404), "no such subscription");
            return;
        }
        Answer always = alwaysAnswers.get(id);
        if (always != null) {
            answer(exchange, id, at, headers, null, null, always, "canned");
            return;
        }
        VapidToken vapid;
        try {
            vapid = VapidToken.verify(headers.get("authorization"), origin, at);
            if (expectedVapidKey != null && !expectedVapidKey.equals(vapid.publicKey())) {
                throw new VapidToken.Refused(403, "k is not the applicationServerKey the subscription was created with");
            }
        } catch (VapidToken.Refused r) {
            answer(exchange, id, at, headers, null, null, Answer.of(r.status), r.getMessage());
            return;
        }
        String problem = checkHeaders(headers, body);
        if (problem != null) {
            answer(exchange, id, at, headers, vapid, null, Answer.of(400), problem);
            return;
        }
        Deque<Answer> queued = nextAnswers.get(id);
        Answer next = queued == null ? null : queued.poll();
        if (next != null) {
            answer(exchange, id, at, headers, vapid, null, next, "canned");
            return;
        }
        String plaintext;
        try {
            plaintext = new String(PushCrypto.decrypt(body, s.privateKey(), PushCrypto.base64Url(s.p256dh()), PushCrypto.base64Url(s.auth())),
                    StandardCharsets.UTF_8);
        } catch (Exception e) {
            answer(exchange, id, at, headers, vapid, null, Answer.of(400), "payload does not decrypt: " + e.getMessage());
            return;
        }
        answer(exchange, id, at, headers, vapid, plaintext,
                new Answer(201, Map.of("Location", origin + "/message/" + UUID.randomUUID())), null);
    }

    private static String checkHeaders(Map<String, String> headers, byte[] body) {
        String ttl = headers.get("ttl");
        if (ttl == null || !ttl.matches("\\d+")) {
            return "TTL header missing or not a number (RFC 8030 5.2)";
        }
        if (!"aes128gcm".equals(headers.get("content-encoding"))) {
            return "Content-Encoding is not aes128gcm";
        }
        String urgency = headers.get("urgency");
        if (urgency != null && !List.of("very-low", "low", "normal", "high").contains(urgency)) {
            return "Urgency is not very-low, low, normal or high";
        }
        String topic = headers.get("topic");
        if (topic != null && !TOPIC.matcher(topic).matches()) {
            return "Topic is not at most 32 base64url characters";
        }
        if (body.length > 4096) {
            return "payload larger than 4096 bytes";
        }
        return null;
    }

    private void answer(HttpExchange exchange, String id, Instant at, Map<String, String> headers, VapidToken vapid, String plaintext,
                        Answer answer, String problem) throws IOException {
        received.add(new Received(id, at, answer.status(), Map.copyOf(headers), vapid, plaintext, answer.status() == 201 ? null : problem));
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
    }

    public List<Subscription> subscriptions() {
        return new ArrayList<>(subscriptions.values());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
