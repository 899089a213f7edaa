package app.openly.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

import static app.openly.web.WebChecks.problem;

/**
 * Sign-in through the identity provider (OIDC authorization code flow with PKCE, {@link OidcCodeFlow}): where the
 * browser goes, and the callback that turns the provider's answer into a session (never longer than the session's
 * maximum age). Used by {@link WebRoutes} when {@code openly.web.auth.mode=oidc}.
 */
final class OidcSignIn {

    private static final Logger LOG = Logger.getLogger(OidcSignIn.class);

    private final OidcCodeFlow flow;
    private final SessionSeal seal;
    private final SessionCookies cookies;
    private final Clock clock;
    private final Duration sessionMaxAge;

    OidcSignIn(OidcCodeFlow flow, SessionSeal seal, SessionCookies cookies, Clock clock, Duration sessionMaxAge) {
        this.flow = flow;
        this.seal = seal;
        this.cookies = cookies;
        this.clock = clock;
        this.sessionMaxAge = sessionMaxAge;
    }

    /** Sends the browser to the provider, with what the callback needs to check sealed in a short-lived cookie. */
    void begin(RoutingContext ctx) {
        try {
            OidcCodeFlow.Pending p = flow.begin();
            URI target = flow.authorizationUrl(p);
            // Lax, not Strict: the provider sends the browser back with a cross-site top-level navigation.
            Cookie c = Cookie.cookie(WebRoutes.LOGIN_COOKIE, seal.seal(WebRoutes.LOGIN_COOKIE, new JsonObject().put("s", p.state()).put("v", p.codeVerifier())
                            .put("n", p.nonce()).put("exp", clock.instant().plusSeconds(600).getEpochSecond())))
                    .setPath("/bff/callback").setHttpOnly(true).setSecure(WebChecks.secure(ctx)).setSameSite(CookieSameSite.LAX).setMaxAge(600);
            ctx.response().addCookie(c);
            ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, target.toString()).end();
        } catch (Exception e) {
            LOG.warnf("Sign-in could not start: %s", e.toString());
            problem(ctx, 502, "Sign-in is not reachable right now", "Please try again in a moment.", null);
        }
    }

    /** The provider's answer: checked against the login cookie, exchanged for tokens, and a session started. */
    void finish(RoutingContext ctx) {
        Cookie pendingCookie = ctx.request().getCookie(WebRoutes.LOGIN_COOKIE);
        Optional<JsonObject> pending = seal.open(WebRoutes.LOGIN_COOKIE, pendingCookie == null ? null : pendingCookie.getValue());
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
            OidcCodeFlow.Tokens tokens = flow.finish(new OidcCodeFlow.Pending(p.getString("s"), p.getString("v"), p.getString("n")),
                    ctx.request().getParam("state"), ctx.request().getParam("code"));
            Instant expires = tokens.expiresAt();
            Instant cap = clock.instant().plus(sessionMaxAge);
            String sub = tokens.claims().getString("sub");
            cookies.start(ctx, new SessionData(tokens.accessToken(), sub, tokens.claims().getString("org"),
                    OidcCodeFlow.groups(tokens.claims()), SessionSeal.randomToken(), expires.isBefore(cap) ? expires : cap));
            ctx.response().addCookie(Cookie.cookie(WebRoutes.LOGIN_COOKIE, "").setPath("/bff/callback").setMaxAge(0));
            ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/").end();
        } catch (OidcCodeFlow.SignInException e) {
            problem(ctx, 401, "Sign-in did not complete", e.getMessage(), null);
        } catch (Exception e) {
            LOG.warnf("Sign-in could not finish: %s", e.toString());
            problem(ctx, 502, "Sign-in is not reachable right now", "Please try again in a moment.", null);
        }
    }
}
