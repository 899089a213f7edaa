package app.openly.reminder.domain.delivery;

import app.openly.reminder.config.DeliveryConfig;
import app.openly.reminder.domain.delivery.DeviceTokens.Device;
import app.openly.reminder.domain.delivery.DeviceTokens.Platform;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Optional;

/**
 * Android phones through Firebase Cloud Messaging's HTTP v1 API: {@code POST {base}/v1/projects/{project}/messages:send}
 * with an OAuth 2.0 access token ({@link FcmAccessTokens}: from the service-account key by the JWT-bearer grant, reused
 * until shortly before it expires). FCM answering {@code 404}/{@code UNREGISTERED} means the app was uninstalled or the token
 * rotated: the token is pruned. {@code 401} renews the access token and tries again.
 */
@ApplicationScoped
public class FcmChannel extends PhoneChannel {

    private static final Logger LOG = Logger.getLogger(FcmChannel.class);

    @Inject
    DeliveryConfig config;
    /**
     * Credentials and expiry times are judged by the vendor's clock, not by the service's business clock (which tests
     * move to a morning of their choosing): they are stamped with the real time.
     */
    private final Clock wallClock = Clock.systemUTC();
    @Inject
    ObjectMapper mapper;

    private FcmAccessTokens.ServiceAccount account;
    private HttpClient http;
    private FcmAccessTokens accessTokens;
    private final VendorCall.Protocol protocol = new VendorCall.Protocol("FCM", this::errorCode,
            (status, errorCode) -> status == 404 || "UNREGISTERED".equals(errorCode),
            // The access token expired or was revoked early: renew it on the next attempt.
            (status, errorCode) -> status == 401,
            () -> accessTokens.forget());

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
            account = new FcmAccessTokens.ServiceAccount(key.get("client_email").asText(), key.path("private_key_id").asText(null),
                    Jws.privateKey(key.get("private_key").asText(), "RSA"), tokenUri, project);
            accessTokens = new FcmAccessTokens(account, http, config.delivery().requestTimeout(), mapper, wallClock);
        } catch (IOException e) {
            throw new IllegalStateException("openly.notifications.fcm.service-account is not a service-account key (JSON)", e);
        }
    }

    /** Whether a service-account key is configured (without one, registering an Android phone answers 503). */
    @Override
    public boolean enabled() {
        return account != null;
    }

    @Override
    protected Platform platform() {
        return Platform.ANDROID;
    }

    @Override
    public String name() {
        return "FCM";
    }

    @Override
    public SendResult send(Device target, Notification n) {
        if (!enabled()) {
            return SendResult.refused("FCM is off (no service-account key)");
        }
        String bearer;
        try {
            bearer = accessTokens.current();
        } catch (FcmAccessTokens.TokenUnavailable e) {
            return new SendResult(Outcome.RETRY, 0, Optional.empty(), e.getMessage());
        }
        URI uri = URI.create(config.fcm().baseUrl().replaceAll("/+$", "") + "/v1/projects/" + account.projectId() + "/messages:send");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.delivery().requestTimeout())
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(message(target, n))).build();
        return VendorCall.send(http, request, protocol, wallClock);
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
}
