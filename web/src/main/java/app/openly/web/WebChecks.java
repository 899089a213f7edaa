package app.openly.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * What the web process checks of a request before acting on it (served over https? a safe method? the session's CSRF
 * token, a write from this origin) and how it answers: JSON, or a problem+json that names the field. Shared by
 * {@link WebRoutes} and {@link ApiProxy}.
 */
final class WebChecks {

    private WebChecks() {
    }

    static boolean secure(RoutingContext ctx) {
        if (ctx.request().isSSL()) {
            return true;
        }
        String forwarded = ctx.request().getHeader("X-Forwarded-Proto");
        return forwarded != null && forwarded.trim().toLowerCase(Locale.ROOT).startsWith("https");
    }

    static boolean safe(HttpMethod m) {
        return m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS;
    }

    /**
     * Unsafe requests carry the session's CSRF token in a header: a page of another site can make the
     * browser send the cookie (SameSite aside), but it can neither read the token nor set a custom header
     * without a CORS preflight, which this origin never grants.
     */
    static boolean csrfOk(RoutingContext ctx, SessionData s) {
        String sent = ctx.request().getHeader(WebRoutes.CSRF_HEADER);
        if (sent == null || s.csrfToken() == null || !MessageDigest.isEqual(sent.getBytes(), s.csrfToken().getBytes())) {
            problem(ctx, 403, "Please reload the page", "This request did not carry the page's security token (" + WebRoutes.CSRF_HEADER + ").", WebRoutes.CSRF_HEADER);
            return false;
        }
        return sameOriginWrite(ctx);
    }

    /** Sign-in has no session yet: it must come from this origin as JSON (which a cross-site form cannot send). */
    static boolean sameOriginWrite(RoutingContext ctx) {
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

    static void json(RoutingContext ctx, int status, JsonObject body) {
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
