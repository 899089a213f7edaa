package app.openly.web;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The web process: one origin for the browser. Static client files (META-INF/resources), the session
 * endpoints under /bff, and /api/v1/... streamed to the service the production Ingress would pick, with
 * the session's access token added. The browser holds only a sealed HttpOnly cookie.
 */
@ApplicationScoped
public class WebRoutes {

    private static final Logger LOG = Logger.getLogger(WebRoutes.class);
    static final String COOKIE = "openly-session";
    /** Over https the __Host- prefix pins the cookie to this host, path / and Secure. */
    static final String SECURE_COOKIE = "__Host-openly-session";
    static final String LOGIN_COOKIE = "openly-login";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String STREAM_PATH = "/api/v1/notifications/stream";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "host", "cookie", "authorization", "set-cookie", "x-csrf-token",
            "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host");

    @Inject
    WebConfig config;
    @Inject
    Vertx vertx;

    Clock clock = Clock.systemUTC();
    private SessionSeal seal;
    private ApiRoutes routes;
    private HttpClient client;
    private LocalTokenIssuer localIssuer;
    private OidcCodeFlow oidc;

    void start(@Observes StartupEvent event) throws Exception {
        byte[] key = config.session().key().map(k -> Base64.getDecoder().decode(k.trim())).orElseGet(() -> {
            LOG.info("No openly.web.session.key: sessions are sealed with a key made for this start (they end when it stops)");
            return SessionSeal.randomKey();
        });
        seal = new SessionSeal(key, clock);
        routes = new ApiRoutes(config.upstreams().journal(), config.upstreams().reminder(), config.upstreams().insights());
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(32)
                .setConnectTimeout((int) Duration.ofSeconds(5).toMillis()));
        if (config.auth().mode() == WebConfig.Auth.Mode.LOCAL) {
            String location = config.auth().local().signingKeyLocation().orElseThrow(() -> new IllegalStateException(
                    "openly.web.auth.mode=local needs openly.web.auth.local.signing-key-location (./openly sets it to .openly/keys/jwt-private.pem)"));
            localIssuer = new LocalTokenIssuer(LocalTokenIssuer.readPem(Path.of(location)), config.auth().local().issuer(), clock);
        } else {
            var o = config.auth().oidc();
            oidc = new OidcCodeFlow(o.issuer().orElseThrow(() -> new IllegalStateException("openly.web.auth.oidc.issuer is required")),
                    o.clientId().orElseThrow(() -> new IllegalStateException("openly.web.auth.oidc.client-id is required")),
                    o.clientSecret(), o.redirectUri().orElseThrow(() -> new IllegalStateException("openly.web.auth.oidc.redirect-uri is required")),
                    o.scopes(), clock);
        }
    }

    void routes(@Observes Router router) {
        router.route().order(-1000).handler(this::securityHeaders);
        router.get("/bff/session").handler(this::session);
        router.post("/bff/login/local").handler(BodyHandler.create().setBodyLimit(1024)).handler(this::localLogin);
        router.get("/bff/login").blockingHandler(this::oidcLogin);
        router.get("/bff/callback").blockingHandler(this::oidcCallback);
        router.post("/bff/logout").handler(this::logout);
        router.route("/api/*").handler(this::proxy);
    }

    private void securityHeaders(RoutingContext ctx) {
        var h = ctx.response().headers();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        String path = ctx.normalizedPath();
        if (path.startsWith("/api/") || path.startsWith("/bff/")) {
            h.set("Cache-Control", "no-store");
        } else {
            // Small files, changed with every release: always revalidate (ETag), never a stale client.
            h.set("Cache-Control", "no-cache");
        }
        if (secure(ctx)) {
            h.set("Strict-Transport-Security", "max-age=31536000");
        }
        ctx.next();
    }

    // ---- session endpoints ----

    private void session(RoutingContext ctx) {
        Optional<SessionData> s = currentSession(ctx);
        JsonObject body = new JsonObject().put("mode", config.auth().mode().name().toLowerCase(Locale.ROOT));
        if (s.isPresent()) {
            body.put("signedIn", true).put("userId", s.get().userId()).put("org", s.get().org())
                    .put("roles", new JsonArray(s.get().roles())).put("csrfToken", s.get().csrfToken())
                    .put("expiresAt", s.get().expiresAt().toString());
        } else {
            body.put("signedIn", false);
            if (localIssuer != null) {
                JsonArray people = new JsonArray();
                for (String id : config.auth().local().people()) {
                    people.add(new JsonObject().put("id", id).put("orgAdmin", config.auth().local().orgAdmins().contains(id)));
                }
                body.put("people", people);
            }
        }
        json(ctx, 200, body);
    }

    private void localLogin(RoutingContext ctx) {
        if (localIssuer == null) {
            problem(ctx, 404, "Not here", "Sign-in goes through the identity provider: GET /bff/login.", null);
            return;
        }
        if (!sameOriginWrite(ctx)) {
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        String person = body == null ? null : body.getString("person");
        var local = config.auth().local();
        if (person == null || !local.people().contains(person)) {
            problem(ctx, 400, "Please choose one of the demo people", "person: is not one of the demo people", "person");
            return;
        }
        List<String> groups = local.orgAdmins().contains(person) ? List.of("org-admin") : List.of();
        Duration lifetime = min(local.tokenLifetime(), config.session().maxAge());
        LocalTokenIssuer.Issued issued = localIssuer.issue(person, local.org(), groups, lifetime);
        startSession(ctx, new SessionData(issued.token(), person, local.org(), groups, SessionSeal.randomToken(), issued.expiresAt()));
        ctx.response().setStatusCode(204).end();
    }

    private void oidcLogin(RoutingContext ctx) {
        if (oidc == null) {
            problem(ctx, 404, "Not here", "Locally, choose a demo person: POST /bff/login/local.", null);
            return;
        }
        try {
            OidcCodeFlow.Pending p = oidc.begin();
            URI target = oidc.authorizationUrl(p);
            // Lax, not Strict: the provider sends the browser back with a cross-site top-level navigation.
            Cookie c = Cookie.cookie(LOGIN_COOKIE, seal.seal(LOGIN_COOKIE, new JsonObject().put("s", p.state()).put("v", p.codeVerifier())
                            .put("n", p.nonce()).put("exp", clock.instant().plusSeconds(600).getEpochSecond())))
                    .setPath("/bff/callback").setHttpOnly(true).setSecure(secure(ctx)).setSameSite(CookieSameSite.LAX).setMaxAge(600);
            ctx.response().addCookie(c);
            ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, target.toString()).end();
        } catch (Exception e) {
            LOG.warnf("Sign-in could not start: %s", e.toString());
            problem(ctx, 502, "Sign-in is not reachable right now", "Please try again in a moment.", null);
        }
    }

    private void oidcCallback(RoutingContext ctx) {
        if (oidc == null) {
            problem(ctx, 404, "Not here", null, null);
            return;
        }
        Cookie pendingCookie = ctx.request().getCookie(LOGIN_COOKIE);
        Optional<JsonObject> pending = seal.open(LOGIN_COOKIE, pendingCookie == null ? null : pendingCookie.getValue());
        if (pending.isEmpty()) {
            problem(ctx, 400, "This sign-in has expired", "Please start signing in again.", null);
            return;
        }
        if (ctx.request().getParam("error") != null) {
            problem(ctx, 401, "Sign-in did not complete", "The provider said: " + ctx.request().getParam("error").replaceAll("[^a-z_]", ""), null);
            return;
        }
        try {
            JsonObject p = pending.get();
            OidcCodeFlow.Tokens tokens = oidc.finish(new OidcCodeFlow.Pending(p.getString("s"), p.getString("v"), p.getString("n")),
                    ctx.request().getParam("state"), ctx.request().getParam("code"));
            Instant expires = tokens.expiresAt();
            Instant cap = clock.instant().plus(config.session().maxAge());
            String sub = tokens.claims().getString("sub");
            startSession(ctx, new SessionData(tokens.accessToken(), sub, tokens.claims().getString("org"),
                    OidcCodeFlow.groups(tokens.claims()), SessionSeal.randomToken(), expires.isBefore(cap) ? expires : cap));
            ctx.response().addCookie(Cookie.cookie(LOGIN_COOKIE, "").setPath("/bff/callback").setMaxAge(0));
            ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/").end();
        } catch (OidcCodeFlow.SignInException e) {
            problem(ctx, 401, "Sign-in did not complete", e.getMessage(), null);
        } catch (Exception e) {
            LOG.warnf("Sign-in could not finish: %s", e.toString());
            problem(ctx, 502, "Sign-in is not reachable right now", "Please try again in a moment.", null);
        }
    }

    private void logout(RoutingContext ctx) {
        Optional<SessionData> s = currentSession(ctx);
        if (s.isPresent() && !csrfOk(ctx, s.get())) {
            return;
        }
        ctx.response().addCookie(sessionCookie(ctx, "").setMaxAge(0));
        ctx.response().setStatusCode(204).end();
    }

    // ---- the API, routed like the Ingress ----

    private void proxy(RoutingContext ctx) {
        HttpServerRequest in = ctx.request();
        String path = ctx.normalizedPath();
        Optional<URI> upstream = routes.upstreamFor(path);
        if (upstream.isEmpty()) {
            problem(ctx, 404, "Not found", "No part of Openly answers " + (path.length() > 80 ? "this path" : path) + ".", null);
            return;
        }
        Optional<SessionData> session = currentSession(ctx);
        if (session.isEmpty()) {
            problem(ctx, 401, "Please sign in", "Your session has ended or you have not signed in yet.", null);
            return;
        }
        if (!safe(in.method()) && !csrfOk(ctx, session.get())) {
            return;
        }
        in.pause();
        URI base = upstream.get();
        RequestOptions options = new RequestOptions().setMethod(in.method())
                // The normalized path chose the service, so the service gets that same path (no ../ games).
                .setAbsoluteURI(base.resolve(path + (in.query() == null ? "" : "?" + in.query())).toString())
                .setIdleTimeout(idleTimeout(path).toMillis());
        in.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                options.addHeader(h.getKey(), h.getValue());
            }
        });
        options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + session.get().accessToken());
        options.putHeader("X-Forwarded-Proto", secure(ctx) ? "https" : "http");
        if (in.authority() != null) {
            options.putHeader("X-Forwarded-Host", in.authority().toString());
        }
        if (in.remoteAddress() != null) {
            options.putHeader("X-Forwarded-For", in.remoteAddress().hostAddress());
        }
        boolean hasBody = in.headers().contains(HttpHeaders.CONTENT_LENGTH) || in.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        client.request(options).onFailure(err -> upstreamFailed(ctx, err)).onSuccess(request -> {
            request.response().onFailure(err -> upstreamFailed(ctx, err)).onSuccess(response -> {
                HttpServerResponse out = ctx.response();
                out.setStatusCode(response.statusCode());
                response.headers().forEach(h -> {
                    String name = h.getKey().toLowerCase(Locale.ROOT);
                    if (name.equals("location")) {
                        out.headers().add(h.getKey(), relativeLocation(base, h.getValue()));
                    } else if (!HOP_BY_HOP.contains(name)) {
                        out.headers().add(h.getKey(), h.getValue());
                    }
                });
                if (!out.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                    out.setChunked(true);
                }
                // Each chunk goes to the browser as it arrives (Server-Sent Events are not held back); when the
                // browser leaves, the service's side is closed too, so it stops writing to nobody.
                out.closeHandler(v -> {
                    if (!out.ended()) {
                        request.reset();
                    }
                });
                response.pipeTo(out);
            });
            if (hasBody) {
                request.send(in);
            } else {
                request.end();
                in.resume();
            }
        });
    }

    /**
     * A live stream (Server-Sent Events) is quiet between its heartbeats; it may stay open as long as they come.
     * Everything else must start answering within the upstream timeout.
     */
    private Duration idleTimeout(String path) {
        return path.equals(STREAM_PATH) ? config.upstreams().streamIdleTimeout() : config.upstreams().timeout();
    }

    /** A Location the service wrote with its own address becomes a path on this origin. */
    static String relativeLocation(URI base, String location) {
        String prefix = base.getScheme() + "://" + base.getRawAuthority();
        if (location.startsWith(prefix + "/")) {
            return location.substring(prefix.length());
        }
        try {
            URI l = URI.create(location);
            if (l.getHost() != null && (l.getHost().equals("localhost") || l.getHost().equals("127.0.0.1")) && l.getPort() == base.getPort()) {
                return l.getRawPath() + (l.getRawQuery() == null ? "" : "?" + l.getRawQuery());
            }
        } catch (IllegalArgumentException e) {
            // leave it as the service wrote it
        }
        return location;
    }

    private void upstreamFailed(RoutingContext ctx, Throwable err) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        boolean timeout = err instanceof java.util.concurrent.TimeoutException
                || String.valueOf(err.getMessage()).toLowerCase(Locale.ROOT).contains("timeout");
        LOG.warnf("Upstream for %s %s failed: %s", ctx.request().method(), ctx.normalizedPath(), err.toString());
        problem(ctx, timeout ? 504 : 502, "This part of Openly is not answering right now",
                "Nothing was lost on your side; please try again in a moment.", null);
    }

    // ---- helpers ----

    private Optional<SessionData> currentSession(RoutingContext ctx) {
        for (String name : List.of(SECURE_COOKIE, COOKIE)) {
            Cookie c = ctx.request().getCookie(name);
            if (c != null) {
                Optional<SessionData> s = seal.openSession(name, c.getValue());
                if (s.isPresent()) {
                    return s;
                }
            }
        }
        return Optional.empty();
    }

    private void startSession(RoutingContext ctx, SessionData s) {
        long maxAge = Math.max(1, Duration.between(clock.instant(), s.expiresAt()).toSeconds());
        String name = secure(ctx) ? SECURE_COOKIE : COOKIE;
        ctx.response().addCookie(sessionCookie(ctx, seal.sealSession(name, s)).setMaxAge(maxAge));
    }

    private Cookie sessionCookie(RoutingContext ctx, String value) {
        boolean secure = secure(ctx);
        return Cookie.cookie(secure ? SECURE_COOKIE : COOKIE, value).setPath("/").setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.STRICT);
    }

    static boolean secure(RoutingContext ctx) {
        if (ctx.request().isSSL()) {
            return true;
        }
        String forwarded = ctx.request().getHeader("X-Forwarded-Proto");
        return forwarded != null && forwarded.trim().toLowerCase(Locale.ROOT).startsWith("https");
    }

    private static boolean safe(HttpMethod m) {
        return m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS;
    }

    /**
     * Unsafe requests carry the session's CSRF token in a header: a page of another site can make the
     * browser send the cookie (SameSite aside), but it can neither read the token nor set a custom header
     * without a CORS preflight, which this origin never grants.
     */
    private boolean csrfOk(RoutingContext ctx, SessionData s) {
        String sent = ctx.request().getHeader(CSRF_HEADER);
        if (sent == null || s.csrfToken() == null || !MessageDigest.isEqual(sent.getBytes(), s.csrfToken().getBytes())) {
            problem(ctx, 403, "Please reload the page", "This request did not carry the page's security token (" + CSRF_HEADER + ").", CSRF_HEADER);
            return false;
        }
        return sameOriginWrite(ctx);
    }

    /** Sign-in has no session yet: it must come from this origin as JSON (which a cross-site form cannot send). */
    private boolean sameOriginWrite(RoutingContext ctx) {
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
        if (origin != null && host != null && !origin.equals("http://" + host) && !origin.equals("https://" + host)) {
            problem(ctx, 403, "Not from this site", "Requests that change something must come from Openly's own page.", "Origin");
            return false;
        }
        if (ctx.normalizedPath().startsWith("/bff/login")) {
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                problem(ctx, 415, "Please send JSON", "Content-Type: must be application/json", "Content-Type");
                return false;
            }
        }
        return true;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }

    static void problem(RoutingContext ctx, int status, String title, String detail, String field) {
        JsonObject p = new JsonObject().put("type", "https://openly.app/problems/" + (status == 401 ? "unauthenticated" : "web-" + status))
                .put("title", title).put("status", status);
        if (detail != null) {
            p.put("detail", detail);
        }
        if (field != null) {
            p.put("errors", new JsonArray().add(new JsonObject().put("field", field).put("message", detail)));
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json").end(p.encode());
    }
}
