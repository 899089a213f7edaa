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

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * iPhones through the Apple Push Notification service: HTTP/2 (APNs speaks nothing else), token-based
 * authentication — an ES256 provider token ({@code kid} = the key's id, {@code iss} = the team id, {@code iat}),
 * renewed every 40 minutes (Apple refuses tokens older than an hour and throttles renewals more often than every
 * 20 minutes) — {@code POST {base}/3/device/{token}} with {@code apns-topic} (the app's bundle id),
 * {@code apns-push-type: alert}, {@code apns-priority}, {@code apns-expiration} and {@code apns-collapse-id}.
 * {@code 410 Unregistered} prunes the token; {@code 403 ExpiredProviderToken} renews the token and tries again.
 */
@ApplicationScoped
public class ApnsChannel extends PhoneChannel {

    private static final Logger LOG = Logger.getLogger(ApnsChannel.class);
    static final Duration TOKEN_REUSE = Duration.ofMinutes(40);

    @Inject
    DeliveryConfig config;
    /**
     * Credentials and expiry times are judged by the vendor's clock, not by the service's business clock (which tests
     * move to a morning of their choosing): they are stamped with the real time.
     */
    private final Clock wallClock = Clock.systemUTC();
    @Inject
    ObjectMapper mapper;

    private record ProviderToken(String value, Instant renewAfter) {
    }

    private PrivateKey key;
    private HttpClient http;
    private volatile ProviderToken providerToken;
    private final VendorCall.Protocol protocol = new VendorCall.Protocol("APNs", this::reason,
            (status, reason) -> status == 410 || "Unregistered".equals(reason),
            (status, reason) -> status == 403 && "ExpiredProviderToken".equals(reason),
            () -> providerToken = null);

    @PostConstruct
    void init() {
        DeliveryConfig.Apns apns = config.apns();
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(config.delivery().requestTimeout()).followRedirects(HttpClient.Redirect.NEVER);
        apns.trustStore().ifPresent(path -> builder.sslContext(trusting(Path.of(path), apns.trustStorePassword().orElse(""))));
        http = builder.build();
        if (apns.privateKey().isEmpty() || apns.keyId().isEmpty() || apns.teamId().isEmpty() || apns.topic().isEmpty()) {
            LOG.warn("no APNs signing key, key id, team id and topic (openly.notifications.apns.*): push to iPhones is off");
            return;
        }
        key = Jws.privateKey(apns.privateKey().get(), "EC");
    }

    /** Whether a signing key is configured (without one, registering an iPhone answers 503). */
    @Override
    public boolean enabled() {
        return key != null;
    }

    @Override
    protected Platform platform() {
        return Platform.IOS;
    }

    @Override
    public String name() {
        return "APNS";
    }

    @Override
    public SendResult send(Device target, Notification n) {
        if (!enabled()) {
            return SendResult.refused("APNs is off (no signing key)");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.apns().baseUrl().replaceAll("/+$", "") + "/3/device/" + target.token()))
                .version(HttpClient.Version.HTTP_2)
                .timeout(config.delivery().requestTimeout())
                .header("authorization", "bearer " + providerToken())
                .header("apns-topic", config.apns().topic().get())
                .header("apns-push-type", "alert")
                // 5: delivered when the phone's power allows (a reminder); 10: at once (a test the person waits for).
                .header("apns-priority", n.urgent() ? "10" : "5")
                .header("apns-expiration", String.valueOf(wallClock.instant().plus(config.timeToLive()).getEpochSecond()))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload(n)));
        if (n.collapseKey() != null) {
            request.header("apns-collapse-id", n.collapseKey());
        }
        return VendorCall.send(http, request.build(), protocol, wallClock);
    }

    /** What the phone shows: {@code aps.alert} with the title and template message; the link beside {@code aps}. */
    String payload(Notification n) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode aps = root.putObject("aps");
        aps.putObject("alert").put("title", n.title()).put("body", n.body());
        if (n.collapseKey() != null) {
            aps.put("thread-id", n.collapseKey());
        }
        root.put("kind", n.kind()).put("url", n.url());
        if (n.reminderId() != null) {
            root.put("reminderId", n.reminderId().toString());
        }
        return root.toString();
    }

    private String reason(String body) {
        try {
            JsonNode reason = mapper.readTree(body).path("reason");
            return reason.isTextual() ? reason.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String providerToken() {
        ProviderToken t = providerToken;
        Instant now = wallClock.instant();
        if (t != null && now.isBefore(t.renewAfter())) {
            return t.value();
        }
        synchronized (this) {
            t = providerToken;
            if (t != null && now.isBefore(t.renewAfter())) {
                return t.value();
            }
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("alg", "ES256");
            header.put("kid", config.apns().keyId().get());
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", config.apns().teamId().get());
            claims.put("iat", now.getEpochSecond());
            providerToken = t = new ProviderToken(Jws.es256(header, claims, key), now.plus(TOKEN_REUSE));
            return t.value();
        }
    }

    /** Trusts the certificates of a PKCS#12 store instead of the JDK's (a private CA in front of APNs, or the local stand-in). */
    static SSLContext trusting(Path trustStore, String password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("openly.notifications.apns.trust-store cannot be read", e);
        }
    }
}
