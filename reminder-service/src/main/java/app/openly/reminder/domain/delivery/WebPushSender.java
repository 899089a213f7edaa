package app.openly.reminder.domain.delivery;

import app.openly.reminder.config.DeliveryConfig;
import app.openly.reminder.domain.delivery.logic.Backoff;
import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Web Push request: the payload encrypted {@code aes128gcm} for the subscription (RFC 8291) and signed
 * with VAPID (RFC 8292, ES256, {@code aud} = the endpoint's origin), by {@code com.interaso:webpush}; sent with
 * the JDK's HTTP client so timeouts and {@code Retry-After} stay in our hands.
 */
@ApplicationScoped
public class WebPushSender {

    /**
     * What the push service answered.
     *
     * @param status     the HTTP status, or 0 when no answer came (timeout, connection refused)
     * @param retryAfter its {@code Retry-After}, when given
     */
    public record Result(int status, Optional<Duration> retryAfter, String error) {
        public boolean accepted() {
            return status >= 200 && status < 300;
        }

        /** The subscription no longer exists (RFC 8030 section 7.3): delete it. */
        public boolean gone() {
            return status == 404 || status == 410;
        }

        /** Worth trying again: no answer, 429, or a 5xx. */
        public boolean transientFailure() {
            return status == 0 || status == 429 || status >= 500;
        }
    }

    public enum Urgency {
        VERY_LOW(WebPush.Urgency.VeryLow), LOW(WebPush.Urgency.Low), NORMAL(WebPush.Urgency.Normal), HIGH(WebPush.Urgency.High);

        final WebPush.Urgency library;

        Urgency(WebPush.Urgency library) {
            this.library = library;
        }
    }

    @Inject
    DeliveryConfig config;
    @Inject
    Clock clock;

    private WebPush webPush;
    private HttpClient http;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant renewAfter) {
    }

    @PostConstruct
    void init() {
        if (config.vapid().tokenLifetime().compareTo(Duration.ofHours(12)) > 0 || config.vapid().tokenLifetime().compareTo(Duration.ofMinutes(5)) < 0) {
            throw new IllegalStateException("openly.notifications.vapid.token-lifetime must be between 5 minutes and 12 hours");
        }
        if (config.vapid().publicKey().isPresent() && config.vapid().privateKey().isPresent()) {
            webPush = new WebPush(config.vapid().subject(), vapidKeys(config.vapid().publicKey().get(), config.vapid().privateKey().get()));
        } else {
            org.jboss.logging.Logger.getLogger(WebPushSender.class).warn("no VAPID key pair (openly.notifications.vapid.*): Web Push is off");
        }
        http = HttpClient.newBuilder().connectTimeout(config.delivery().requestTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static VapidKeys vapidKeys(String publicKey, String privateKey) {
        try {
            return VapidKeys.fromUncompressedBytes(publicKey.trim(), privateKey.trim());
        } catch (RuntimeException e) {
            throw new IllegalStateException("openly.notifications.vapid keys are not a base64url P-256 key pair", e);
        }
    }

    /** Whether a VAPID key pair is configured. */
    public boolean enabled() {
        return webPush != null;
    }

    /** The key browsers subscribe with ({@code applicationServerKey}), base64url. */
    public String publicKey() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(webPush.getVapidKeys().getApplicationServerKey());
    }

    /** Throws {@link IllegalArgumentException} when the subscription's keys are not usable (checked at registration). */
    public static void checkKeys(String p256dh, String auth) {
        byte[] key = Base64.getUrlDecoder().decode(p256dh.replace('+', '-').replace('/', '_').replace("=", ""));
        com.interaso.webpush.CryptoKt.generatePublicKeyFromUncompressedBytes(key);
        if (key.length != 65) {
            throw new IllegalArgumentException("p256dh is not an uncompressed P-256 point");
        }
        if (Base64.getUrlDecoder().decode(auth.replace('+', '-').replace('/', '_').replace("=", "")).length != 16) {
            throw new IllegalArgumentException("auth is not 16 bytes");
        }
    }

    public Result send(WebPushSubscriptions.Subscription s, String payloadJson, String topic, Urgency urgency) {
        if (webPush == null) {
            return new Result(503, Optional.empty(), "Web Push is off (no VAPID key pair)");
        }
        byte[] body;
        Map<String, String> headers;
        try {
            body = webPush.getBody(payloadJson.getBytes(StandardCharsets.UTF_8), decode(s.p256dh()), decode(s.auth()));
            headers = webPush.getHeadersWithToken(token(s.endpoint()), (int) config.timeToLive().toSeconds(), topic, urgency.library);
        } catch (RuntimeException e) {
            return new Result(400, Optional.empty(), "cannot encrypt for this subscription: " + e.getClass().getSimpleName());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(s.endpoint()))
                .timeout(config.delivery().requestTimeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return new Result(response.statusCode(),
                    Backoff.retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant()), null);
        } catch (HttpTimeoutException e) {
            return new Result(0, Optional.empty(), "timeout");
        } catch (IOException e) {
            return new Result(0, Optional.empty(), "no answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(0, Optional.empty(), "interrupted");
        }
    }

    /** VAPID tokens are reused per push-service origin for half their lifetime (signing each request costs CPU). */
    private String token(String endpoint) {
        String audience = webPush.getAudience(endpoint);
        Instant now = clock.instant();
        Token t = tokens.get(audience);
        if (t == null || !now.isBefore(t.renewAfter())) {
            long lifetime = config.vapid().tokenLifetime().toSeconds();
            t = new Token(webPush.getToken(audience, (int) lifetime), now.plusSeconds(lifetime / 2));
            tokens.put(audience, t);
        }
        return t.value();
    }

    private static byte[] decode(String base64) {
        return Base64.getUrlDecoder().decode(base64.replace('+', '-').replace('/', '_').replace("=", ""));
    }
}
