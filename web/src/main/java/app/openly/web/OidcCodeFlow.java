package app.openly.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Production sign-in: OpenID Connect authorization code flow with PKCE (RFC 7636, S256) against the
 * configured issuer. The code is exchanged for tokens here, server-side; the browser never sees them.
 * The services verify the access token themselves (signature, issuer), as they do for the apps.
 */
public final class OidcCodeFlow {

    /** What must survive the round trip to the provider (sealed in a short-lived cookie). */
    public record Pending(String state, String codeVerifier, String nonce) {
    }

    public record Tokens(String accessToken, Instant expiresAt, JsonObject claims) {
    }

    private final URI issuer;
    private final String clientId;
    private final Optional<String> clientSecret;
    private final URI redirectUri;
    private final String scopes;
    private final HttpClient http;
    private final Clock clock;
    private volatile JsonObject discovery;

    public OidcCodeFlow(URI issuer, String clientId, Optional<String> clientSecret, URI redirectUri, String scopes, Clock clock) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
        this.scopes = scopes;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Pending begin() {
        return new Pending(SessionSeal.randomToken(), SessionSeal.randomToken() + SessionSeal.randomToken(), SessionSeal.randomToken());
    }

    /** Where to send the browser: the provider's authorization endpoint with state, nonce and the S256 challenge. */
    public URI authorizationUrl(Pending p) throws IOException, InterruptedException {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", redirectUri.toString());
        q.put("scope", scopes);
        q.put("state", p.state());
        q.put("nonce", p.nonce());
        q.put("code_challenge", challenge(p.codeVerifier()));
        q.put("code_challenge_method", "S256");
        String endpoint = discovery().getString("authorization_endpoint");
        return URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + form(q));
    }

    /** Exchanges the code; refuses a state that is not the one this browser started with. */
    public Tokens finish(Pending p, String state, String code) throws IOException, InterruptedException {
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.US_ASCII), p.state().getBytes(StandardCharsets.US_ASCII))) {
            throw new SignInException("The sign-in answer does not belong to this browser's sign-in (state).");
        }
        if (code == null || code.isBlank()) {
            throw new SignInException("The provider sent no authorization code.");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri.toString());
        body.put("client_id", clientId);
        body.put("code_verifier", p.codeVerifier());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(discovery().getString("token_endpoint")))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(body)));
        clientSecret.ifPresent(secret -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (urlEncode(clientId) + ":" + urlEncode(secret)).getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new SignInException("The provider refused the code (" + response.statusCode() + ").");
        }
        JsonObject tokens = new JsonObject(response.body());
        String access = tokens.getString("access_token");
        if (access == null) {
            throw new SignInException("The provider answered without an access token.");
        }
        JsonObject claims = payload(tokens.getString("id_token", access));
        if (tokens.containsKey("id_token") && !p.nonce().equals(claims.getString("nonce"))) {
            throw new SignInException("The ID token does not carry this sign-in's nonce.");
        }
        long expiresIn = tokens.getLong("expires_in", 300L);
        // The person's org and roles come from the access token the services will read, not from the ID token.
        JsonObject accessClaims = payload(access);
        JsonObject merged = claims.copy().mergeIn(accessClaims.isEmpty() ? new JsonObject() : accessClaims);
        return new Tokens(access, clock.instant().plusSeconds(expiresIn), merged);
    }

    public static List<String> groups(JsonObject claims) {
        Object g = claims.getValue("groups");
        return g instanceof JsonArray a ? a.stream().map(String::valueOf).toList() : List.of();
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a JWT, for display and routing only: the services check the signature of what they receive. */
    static JsonObject payload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return new JsonObject();
        }
        try {
            return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    private JsonObject discovery() throws IOException, InterruptedException {
        JsonObject d = discovery;
        if (d == null) {
            String base = issuer.toString().replaceAll("/+$", "");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new SignInException("The sign-in provider could not be reached (" + r.statusCode() + ").");
            }
            d = new JsonObject(r.body());
            if (!base.equals(String.valueOf(d.getString("issuer")).replaceAll("/+$", ""))) {
                throw new SignInException("The provider's discovery document names another issuer.");
            }
            discovery = d;
        }
        return d;
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static final class SignInException extends RuntimeException {
        public SignInException(String message) {
            super(message);
        }
    }
}
