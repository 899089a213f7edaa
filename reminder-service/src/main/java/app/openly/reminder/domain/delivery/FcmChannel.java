package app.openly.reminder.domain.delivery;

import app.openly.reminder.config.DeliveryConfig;
import app.openly.reminder.domain.delivery.DeviceTokens.Device;
import app.openly.reminder.domain.delivery.DeviceTokens.Platform;
import app.openly.reminder.domain.delivery.logic.Backoff;
import app.openly.reminder.domain.delivery.logic.Jws;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Android phones through Firebase Cloud Messaging's HTTP v1 API: {@code POST {base}/v1/projects/{project}/messages:send}
 * with an OAuth 2.0 access token, which the service obtains from a service-account key by the JWT-bearer grant
 * (RFC 7523: an RS256 assertion signed with the key, exchanged at the key's {@code token_uri}) and reuses until shortly
 * before it expires. FCM answering {@code 404}/{@code UNREGISTERED} means the app was uninstalled or the token
 * rotated: the token is pruned. {@code 401} renews the access token and tries again.
 */
@ApplicationScoped
public class FcmChannel implements NotificationChannel<Device> {

    private static final Logger LOG = Logger.getLogger(FcmChannel.class);
    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    @Inject
    DeliveryConfig config;
    @Inject
    DeviceTokens devices;
    /**
     * Credentials and expiry times are judged by the vendor's clock, not by the service's business clock (which tests
     * move to a morning of their choosing): they are stamped with the real time.
     */
    private final Clock wallClock = Clock.systemUTC();
    @Inject
    ObjectMapper mapper;

    /** What the service-account key says (client_email, private_key_id, private_key, token_uri, project_id). */
    record ServiceAccount(String clientEmail, String keyId, PrivateKey key, String tokenUri, String projectId) {
    }

    private record AccessToken(String value, Instant renewAfter) {
    }

    private ServiceAccount account;
    private HttpClient http;
    private volatile AccessToken accessToken;

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder().connectTimeout(config.delivery().requestTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        if (config.fcm().serviceAccount().isEmpty()) {
            LOG.warn("no FCM service-account key (openly.notifications.fcm.service-account): push to Android phones is off");
            return;
        }
        try {
            JsonNode key = mapper.readTree(config.fcm().serviceAccount().get());
            String project = config.fcm().projectId().orElse(key.path("project_id").asText(null));
            String tokenUri = config.fcm().tokenUrl().orElse(key.path("token_uri").asText("https://oauth2.googleapis.com/token"));
            if (project == null || !key.hasNonNull("client_email") || !key.hasNonNull("private_key")) {
                throw new IllegalStateException("openly.notifications.fcm.service-account lacks client_email, private_key or project_id");
            }
            account = new ServiceAccount(key.get("client_email").asText(), key.path("private_key_id").asText(null),
                    Jws.privateKey(key.get("private_key").asText(), "RSA"), tokenUri, project);
        } catch (IOException e) {
            throw new IllegalStateException("openly.notifications.fcm.service-account is not a service-account key (JSON)", e);
        }
    }

    /** Whether a service-account key is configured (without one, registering an Android phone answers 503). */
    public boolean enabled() {
        return account != null;
    }

    @Override
    public Channel route() {
        return Channel.MOBILE_PUSH;
    }

    @Override
    public String name() {
        return "FCM";
    }

    @Override
    public List<Device> targetsOf(String userId) {
        return enabled() ? devices.of(userId, Platform.ANDROID) : List.of();
    }

    @Override
    public void prune(Device target) {
        devices.prune(target.deviceId());
    }

    @Override
    public SendResult send(Device target, Notification n) {
        if (!enabled()) {
            return SendResult.refused("FCM is off (no service-account key)");
        }
        String bearer;
        try {
            bearer = accessToken();
        } catch (TokenUnavailable e) {
            return new SendResult(Outcome.RETRY, 0, Optional.empty(), e.getMessage());
        }
        URI uri = URI.create(config.fcm().baseUrl().replaceAll("/+$", "") + "/v1/projects/" + account.projectId() + "/messages:send");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.delivery().requestTimeout())
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(message(target, n))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new SendResult(Outcome.RETRY, 0, Optional.empty(), "timeout");
        } catch (IOException e) {
            return new SendResult(Outcome.RETRY, 0, Optional.empty(), "no answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult(Outcome.RETRY, 0, Optional.empty(), "interrupted");
        }
        int status = response.statusCode();
        if (status == 200) {
            return SendResult.accepted(status);
        }
        String errorCode = errorCode(response.body());
        String detail = "FCM answered " + status + (errorCode == null ? "" : " " + errorCode);
        Optional<java.time.Duration> retryAfter = Backoff.retryAfter(response.headers().firstValue("Retry-After").orElse(null), wallClock.instant());
        if (status == 404 || "UNREGISTERED".equals(errorCode)) {
            return new SendResult(Outcome.GONE, status, Optional.empty(), detail);
        }
        if (status == 401) {
            // The access token expired or was revoked early: renew it on the next attempt.
            accessToken = null;
            return new SendResult(Outcome.RETRY, status, Optional.empty(), detail);
        }
        if (status == 429 || status >= 500) {
            return new SendResult(Outcome.RETRY, status, retryAfter, detail);
        }
        return new SendResult(Outcome.REFUSED, status, Optional.empty(), detail);
    }

    /** The FCM v1 message: the notification a phone shows (title, template, collapse key) and the link as data. */
    String message(Device target, Notification n) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode message = root.putObject("message");
        message.put("token", target.token());
        message.putObject("notification").put("title", n.title()).put("body", n.body());
        ObjectNode data = message.putObject("data").put("kind", n.kind()).put("url", n.url());
        if (n.reminderId() != null) {
            data.put("reminderId", n.reminderId().toString());
        }
        ObjectNode android = message.putObject("android").put("priority", n.urgent() ? "HIGH" : "NORMAL")
                .put("ttl", config.timeToLive().toSeconds() + "s");
        if (n.collapseKey() != null) {
            android.put("collapse_key", n.collapseKey());
        }
        return root.toString();
    }

    /** FCM's {@code error.details[].errorCode} (UNREGISTERED, QUOTA_EXCEEDED, ...), or its {@code error.status}. */
    private String errorCode(String body) {
        try {
            JsonNode error = mapper.readTree(body).path("error");
            for (JsonNode d : error.path("details")) {
                if (d.hasNonNull("errorCode")) {
                    return d.get("errorCode").asText();
                }
            }
            return error.hasNonNull("status") ? error.get("status").asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static final class TokenUnavailable extends Exception {
        TokenUnavailable(String message) {
            super(message);
        }
    }

    /** A valid access token: the cached one, or a new one from the token endpoint (one request at a time). */
    private String accessToken() throws TokenUnavailable {
        AccessToken t = accessToken;
        if (t != null && wallClock.instant().isBefore(t.renewAfter())) {
            return t.value();
        }
        synchronized (this) {
            t = accessToken;
            if (t != null && wallClock.instant().isBefore(t.renewAfter())) {
                return t.value();
            }
            accessToken = t = fetchAccessToken();
            return t.value();
        }
    }

    private AccessToken fetchAccessToken() throws TokenUnavailable {
        Instant now = wallClock.instant();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        if (account.keyId() != null) {
            header.put("kid", account.keyId());
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", account.clientEmail());
        claims.put("scope", SCOPE);
        claims.put("aud", account.tokenUri());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 3600);
        String form = "grant_type=" + URLEncoder.encode(JWT_BEARER, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(Jws.rs256(header, claims, account.key()), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(account.tokenUri())).timeout(config.delivery().requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new TokenUnavailable("FCM token endpoint answered " + response.statusCode());
            }
            JsonNode body = mapper.readTree(response.body());
            long expiresIn = body.path("expires_in").asLong(3600);
            if (!body.hasNonNull("access_token")) {
                throw new TokenUnavailable("FCM token endpoint gave no access_token");
            }
            // Renewed well before it expires: a message must never be sent with a token that lapses on the way.
            return new AccessToken(body.get("access_token").asText(), now.plusSeconds(Math.max(30, expiresIn - 300)));
        } catch (IOException e) {
            throw new TokenUnavailable("FCM token endpoint: no answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailable("interrupted");
        }
    }
}
