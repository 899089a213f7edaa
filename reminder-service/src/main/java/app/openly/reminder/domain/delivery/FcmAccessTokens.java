package app.openly.reminder.domain.delivery;

import app.openly.reminder.domain.delivery.logic.Jws;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FCM's OAuth 2.0 access token for {@link FcmChannel}: obtained from the service-account key by the JWT-bearer grant
 * (RFC 7523: an RS256 assertion signed with the key, exchanged at the key's {@code token_uri}), reused until shortly
 * before it expires, renewed by one request at a time, and forgotten when FCM answers 401.
 */
final class FcmAccessTokens {

    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /** What the service-account key says (client_email, private_key_id, private_key, token_uri, project_id). */
    record ServiceAccount(String clientEmail, String keyId, PrivateKey key, String tokenUri, String projectId) {
    }

    private record AccessToken(String value, Instant renewAfter) {
    }

    private final ServiceAccount account;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final ObjectMapper mapper;
    /** The vendor's clock (see FcmChannel), not the service's business clock. */
    private final Clock wallClock;
    private volatile AccessToken accessToken;

    FcmAccessTokens(ServiceAccount account, HttpClient http, Duration requestTimeout, ObjectMapper mapper, Clock wallClock) {
        this.account = account;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.mapper = mapper;
        this.wallClock = wallClock;
    }

    /** The token expired or was revoked early: the next {@link #current()} asks for a new one. */
    void forget() {
        accessToken = null;
    }

    static final class TokenUnavailable extends Exception {
        TokenUnavailable(String message) {
            super(message);
        }
    }

    /** A valid access token: the cached one, or a new one from the token endpoint (one request at a time). */
    String current() throws TokenUnavailable {
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
        HttpRequest request = HttpRequest.newBuilder(URI.create(account.tokenUri())).timeout(requestTimeout)
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
