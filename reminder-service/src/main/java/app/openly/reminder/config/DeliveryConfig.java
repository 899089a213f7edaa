package app.openly.reminder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How reminders reach people: Web Push, the live stream, retries. Defaults run locally, except the VAPID keys. */
@ConfigMapping(prefix = "openly.notifications")
public interface DeliveryConfig {

    Vapid vapid();

    /**
     * Hosts of push services the server may send to (https only). {@code *.example.com} matches sub-domains.
     * Defaults: Chrome/Edge (FCM), Firefox (Mozilla autopush), Safari (Apple), legacy Edge (WNS).
     */
    @WithDefault("fcm.googleapis.com,updates.push.services.mozilla.com,web.push.apple.com,*.notify.windows.com")
    List<String> pushHosts();

    /** Plain-http origins allowed besides (scheme and host, any port): only the local stack and tests set this. */
    Optional<List<String>> insecureOrigins();

    /** How long a push service keeps a reminder for an offline device (TTL header). */
    @WithDefault("PT2H")
    Duration timeToLive();

    /** Where a notification leads in the app. */
    @WithDefault("http://localhost:8080/")
    String appUrl();

    Delivery delivery();

    Stream stream();

    /** Android phones through Firebase Cloud Messaging (HTTP v1). */
    Fcm fcm();

    /** iPhones through the Apple Push Notification service (HTTP/2, token auth). */
    Apns apns();

    interface Fcm {
        /**
         * The service-account key (the JSON the Firebase console downloads), from a Kubernetes Secret. Without it,
         * push to Android phones is off (registering one answers 503) and the rest of the service runs.
         */
        Optional<String> serviceAccount();

        /** The Firebase project; default: the key's {@code project_id}. */
        Optional<String> projectId();

        /** Where messages are sent: {@code {base-url}/v1/projects/{project}/messages:send}. */
        @WithDefault("https://fcm.googleapis.com")
        String baseUrl();

        /** Where the key's JWT assertion is exchanged for an access token; default: the key's {@code token_uri}. */
        Optional<String> tokenUrl();
    }

    interface Apns {
        /** The signing key (the {@code .p8} file's PKCS#8 PEM), from a Kubernetes Secret. Without it, push to iPhones is off. */
        Optional<String> privateKey();

        /** The signing key's id (the provider token's {@code kid}). */
        Optional<String> keyId();

        /** The Apple developer team (the provider token's {@code iss}). */
        Optional<String> teamId();

        /** The iOS app's bundle id ({@code apns-topic}). */
        Optional<String> topic();

        /** {@code https://api.push.apple.com}, or {@code https://api.sandbox.push.apple.com} for development builds of the app. */
        @WithDefault("https://api.push.apple.com")
        String baseUrl();

        /** A PKCS#12 store of certificates to trust instead of the JDK's (a TLS-inspecting egress proxy's CA; the tests' stand-in). */
        Optional<String> trustStore();

        Optional<String> trustStorePassword();
    }

    interface Vapid {
        /**
         * Base64url uncompressed P-256 public key (65 bytes): what browsers subscribe with. Without a key pair, Web Push
         * is off (registration answers 503) and the rest of the service runs.
         */
        Optional<String> publicKey();

        /** Base64url 32-byte private scalar; a Kubernetes Secret in production. */
        Optional<String> privateKey();

        /** The contact push services see ({@code sub}): {@code mailto:} or {@code https:}. */
        @WithDefault("mailto:notifications@openly.app")
        String subject();

        /** Lifetime of each VAPID JWT; RFC 8292 allows up to 24 h, we keep it at most 12 h. */
        @WithDefault("PT12H")
        Duration tokenLifetime();
    }

    interface Delivery {
        /** Attempts per (event, target) before the failure is recorded. */
        @WithDefault("5")
        int maxAttempts();

        /** First retry delay; doubles each attempt, with jitter. */
        @WithDefault("PT0.5S")
        Duration backoffBase();

        @WithDefault("PT30S")
        Duration backoffMax();

        /** A push service's Retry-After longer than this ends the attempts (the reminder would be stale anyway). */
        @WithDefault("PT60S")
        Duration retryAfterMax();

        /** One HTTP request to a push service. */
        @WithDefault("PT10S")
        Duration requestTimeout();
    }

    interface Stream {
        @WithDefault("PT60S")
        Duration ticketLifetime();

        @WithDefault("PT20S")
        Duration heartbeat();

        /**
         * How long a poll (the stream asked for as application/json) waits for a notification before it answers
         * none: no longer than the heartbeat, since proxies close connections that stay silent longer.
         */
        @WithDefault("PT20S")
        Duration pollWait();
    }
}
