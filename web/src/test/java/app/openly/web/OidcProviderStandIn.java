package app.openly.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An identity provider cannot exist offline: this one speaks the parts of OpenID Connect the web process
 * uses — discovery, and a token endpoint that, like a real provider, redeems a code once, only for the
 * redirect URI and client it was issued to, and only with the PKCE verifier whose S256 hash was sent to
 * the authorization endpoint (RFC 7636 section 4.6).
 */
public class OidcProviderStandIn implements QuarkusTestResourceLifecycleManager {

    record Issued(String clientId, String redirectUri, String challenge, String nonce, String subject) {
    }

    static final Map<String, Issued> CODES = new ConcurrentHashMap<>();
    static volatile String issuer;
    private HttpServer server;

    /** What the provider does after the person signs in at its authorization endpoint: a code for them. */
    static String approve(Map<String, String> authorizationQuery, String subject) {
        String code = SessionSeal.randomToken();
        CODES.put(code, new Issued(authorizationQuery.get("client_id"), authorizationQuery.get("redirect_uri"),
                authorizationQuery.get("code_challenge"), authorizationQuery.get("nonce"), subject));
        return code;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/openly";
            server.createContext("/realms/openly/.well-known/openid-configuration", ex -> reply(ex, 200, new JsonObject()
                    .put("issuer", issuer).put("authorization_endpoint", issuer + "/auth").put("token_endpoint", issuer + "/token")));
            server.createContext("/realms/openly/token", this::token);
            server.start();
            return Map.of("openly.web.auth.oidc.issuer", issuer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Issued issued = CODES.remove(String.valueOf(form.get("code")));
        if (!"authorization_code".equals(form.get("grant_type")) || issued == null || !issued.clientId().equals(form.get("client_id"))
                || !issued.redirectUri().equals(form.get("redirect_uri")) || form.get("code_verifier") == null
                || !issued.challenge().equals(OidcCodeFlow.challenge(form.get("code_verifier")))) {
            reply(ex, 400, new JsonObject().put("error", "invalid_grant"));
            return;
        }
        JsonObject access = new JsonObject().put("iss", issuer).put("sub", issued.subject()).put("org", "demo-org")
                .put("groups", new JsonArray().add("org-admin"));
        JsonObject id = new JsonObject().put("iss", issuer).put("sub", issued.subject()).put("nonce", issued.nonce());
        reply(ex, 200, new JsonObject().put("access_token", jwt(access)).put("id_token", jwt(id)).put("token_type", "Bearer")
                .put("expires_in", 300));
    }

    static Map<String, String> parse(String query) {
        Map<String, String> out = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String jwt(JsonObject claims) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static void reply(HttpExchange ex, int status, JsonObject body) throws IOException {
        byte[] out = body.encode().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

}
