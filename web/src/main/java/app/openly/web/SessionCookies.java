package app.openly.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The session as the browser holds it: one sealed, HttpOnly, SameSite=Strict cookie ({@code __Host-} and Secure over
 * https), opened, set and cleared here.
 */
final class SessionCookies {

    private final SessionSeal seal;
    private final Clock clock;

    SessionCookies(SessionSeal seal, Clock clock) {
        this.seal = seal;
        this.clock = clock;
    }

    /** The session the request's cookie holds, if it opens (sealed by us, not expired). */
    Optional<SessionData> current(RoutingContext ctx) {
        for (String name : List.of(WebRoutes.SECURE_COOKIE, WebRoutes.COOKIE)) {
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

    /** Sets the session's cookie, living as long as the session. */
    void start(RoutingContext ctx, SessionData s) {
        long maxAge = Math.max(1, Duration.between(clock.instant(), s.expiresAt()).toSeconds());
        String name = WebChecks.secure(ctx) ? WebRoutes.SECURE_COOKIE : WebRoutes.COOKIE;
        ctx.response().addCookie(cookie(ctx, seal.sealSession(name, s)).setMaxAge(maxAge));
    }

    private Cookie cookie(RoutingContext ctx, String value) {
        boolean secure = WebChecks.secure(ctx);
        return Cookie.cookie(secure ? WebRoutes.SECURE_COOKIE : WebRoutes.COOKIE, value).setPath("/").setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.STRICT);
    }

    /** Signs out: the cookie is cleared. */
    void end(RoutingContext ctx) {
        ctx.response().addCookie(cookie(ctx, "").setMaxAge(0));
    }
}
