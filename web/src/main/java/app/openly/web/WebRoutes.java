package app.openly.web;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
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
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

import static app.openly.web.WebChecks.csrfOk;
import static app.openly.web.WebChecks.json;
import static app.openly.web.WebChecks.problem;
import static app.openly.web.WebChecks.safe;
import static app.openly.web.WebChecks.sameOriginWrite;
import static app.openly.web.WebChecks.secure;

/**
 * The web process: one origin for the browser. Static client files (META-INF/resources), the session
 * endpoints under /bff, and /api/v1/... streamed to the service the production Ingress would pick, with
 * the session's access token added ({@link ApiProxy}). The browser holds only a sealed HttpOnly cookie
 * ({@link SessionCookies}).
 * <p>
 * A little over 200 lines: the start-up wiring, the route table, the security headers every answer carries and the
 * small {@code /bff} endpoints (session, demo sign-in, sign-out) read best together; the proxy, the cookies, OIDC
 * sign-in ({@link OidcSignIn}) and the request checks ({@link WebChecks}) live apart.
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
    @Inject
    WebConfig config;
    @Inject
    Vertx vertx;

    Clock clock = Clock.systemUTC();
    private SessionCookies cookies;
    private ApiRoutes routes;
    private ApiProxy proxy;
    private LocalTokenIssuer localIssuer;
    private OidcSignIn oidcSignIn;

    void start(@Observes StartupEvent event) throws Exception {
        byte[] key = config.session().key().map(k -> Base64.getDecoder().decode(k.trim())).orElseGet(() -> {
            LOG.info("No openly.web.session.key: sessions are sealed with a key made for this start (they end when it stops)");
            return SessionSeal.randomKey();
        });
        SessionSeal seal = new SessionSeal(key, clock);
        cookies = new SessionCookies(seal, clock);
        routes = new ApiRoutes(config.upstreams().journal(), config.upstreams().reminder(), config.upstreams().insights());
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(32)
                .setConnectTimeout((int) Duration.ofSeconds(5).toMillis()));
        proxy = new ApiProxy(client, config.upstreams());
        if (config.auth().mode() == WebConfig.Auth.Mode.LOCAL) {
            String location = config.auth().local().signingKeyLocation().orElseThrow(() -> new IllegalStateException(
                    "openly.web.auth.mode=local needs openly.web.auth.local.signing-key-location (./openly sets it to .openly/keys/jwt-private.pem)"));
            localIssuer = new LocalTokenIssuer(LocalTokenIssuer.readPem(Path.of(location)), config.auth().local().issuer(), clock);
        } else {
            var o = config.auth().oidc();
            OidcCodeFlow flow = new OidcCodeFlow(o.issuer().orElseThrow(() -> new IllegalStateException("openly.web.auth.oidc.issuer is required")),
                    o.clientId().orElseThrow(() -> new IllegalStateException("openly.web.auth.oidc.client-id is required")),
                    o.clientSecret(), o.redirectUri().orElseThrow(() -> new IllegalStateException("openly.web.auth.oidc.redirect-uri is required")),
                    o.scopes(), clock);
            oidcSignIn = new OidcSignIn(flow, seal, cookies, clock, config.session().maxAge());
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
        Optional<SessionData> s = cookies.current(ctx);
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
        cookies.start(ctx, new SessionData(issued.token(), person, local.org(), groups, SessionSeal.randomToken(), issued.expiresAt()));
        ctx.response().setStatusCode(204).end();
    }

    private void oidcLogin(RoutingContext ctx) {
        if (oidcSignIn == null) {
            problem(ctx, 404, "Not here", "Locally, choose a demo person: POST /bff/login/local.", null);
            return;
        }
        oidcSignIn.begin(ctx);
    }

    private void oidcCallback(RoutingContext ctx) {
        if (oidcSignIn == null) {
            problem(ctx, 404, "Not here", null, null);
            return;
        }
        oidcSignIn.finish(ctx);
    }

    private void logout(RoutingContext ctx) {
        Optional<SessionData> s = cookies.current(ctx);
        if (s.isPresent() && !csrfOk(ctx, s.get())) {
            return;
        }
        cookies.end(ctx);
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
        Optional<SessionData> session = cookies.current(ctx);
        if (session.isEmpty()) {
            problem(ctx, 401, "Please sign in", "Your session has ended or you have not signed in yet.", null);
            return;
        }
        if (!safe(in.method()) && !csrfOk(ctx, session.get())) {
            return;
        }
        proxy.forward(ctx, upstream.get(), path, session.get());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
