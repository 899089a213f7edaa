package app.openly.platform.http;

import app.openly.platform.problem.ProblemMediaType;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP layer answers itself is answered like everything else (issue 16 §2–3): every answer on the
 * public port carries the security headers, and a request line or headers too long (414, 431), a path that
 * is not valid percent-encoding, a body without a Content-Type (415), and any failure the router reports
 * (413 for a chunked body over the hard limit, …) are {@code application/problem+json}.
 * <p>
 * Vert.x' own decoder limits ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size})
 * are set well above ours so that, below them, we are the ones answering; beyond them Vert.x closes with
 * its plain answer (a request that large was never a client of ours).
 * <p>
 * One class (over 200 lines) on purpose: every check must run in one route ahead of Quarkus' own and answer through the
 * same {@link #answer} with the same headers; split, an order between the parts would have to be kept by hand.
 */
@ApplicationScoped
public class HttpLayer {

    public static final String CSP = "default-src 'none'; frame-ancestors 'none'";
    /** Quarkus' own check of the request target, which answers an empty 400: turned off by {@link ServiceMain}, done here. */
    static final String DISABLE_URI_VALIDATION = "vertx.disableURIValidation";
    static final String SWAGGER_UI = "/q/swagger-ui";

    @ConfigProperty(name = "openly.http.max-uri-length", defaultValue = "4096")
    int maxUriLength;
    @ConfigProperty(name = "openly.http.max-header-bytes", defaultValue = "16384")
    int maxHeaderBytes;
    @ConfigProperty(name = "openly.http.max-body-bytes", defaultValue = "65536")
    long maxBodyBytes;
    /** HSTS value; set in the production profile only (a browser honours it over HTTPS only anyway). */
    @ConfigProperty(name = "openly.http.hsts")
    Optional<String> hsts;

    void install(@Observes Router router) {
        // Before Quarkus' own routes (body handler, REST): first to see every request on the public port.
        router.route().order(Integer.MIN_VALUE + 1).handler(this::guard);
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(this::failure);
        // A path that is not percent-encoding at all (/entries/%ZZ) throws while the router matches a route by its
        // normalized path, before any handler of ours ran and outside every failure handler: Vert.x then answers through
        // the router's error handler for 400, or, without one, with an empty 400 and no headers of ours.
        router.errorHandler(400, this::unmatchable);
    }

    void unmatchable(RoutingContext rc) {
        if (rc.response().headWritten() || rc.response().ended() || rc.response().closed()) {
            return;
        }
        securityHeaders(rc);
        if (parses(rc.request().uri()) && validPath(rc.request().path())) {
            problem(rc, 400);
        } else {
            answer(rc, 400, "malformed-path", "The address is not valid", "Check the path's percent-encoding.");
        }
    }

    private void securityHeaders(RoutingContext rc) {
        MultiMap headers = rc.response().headers();
        String path = rc.request().path();
        if (path == null || !path.startsWith(SWAGGER_UI)) {
            // Swagger UI (served only where configured: locally and in tests) is a page with scripts.
            headers.set("Content-Security-Policy", CSP);
        }
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
        hsts.filter(v -> !v.isBlank()).ifPresent(v -> headers.set("Strict-Transport-Security", v));
    }

    void guard(RoutingContext rc) {
        securityHeaders(rc);
        ProblemMediaType.negotiateOnTheWayOut(rc);

        String uri = rc.request().uri();
        if (uri != null && uri.length() > maxUriLength) {
            answer(rc, 414, "uri-too-long", "The address is too long", "Send at most " + maxUriLength + " characters of path and query.");
            return;
        }
        int headerBytes = 0;
        for (Map.Entry<String, String> h : rc.request().headers()) {
            headerBytes += h.getKey().length() + h.getValue().length() + 4;
        }
        if (headerBytes > maxHeaderBytes) {
            answer(rc, 431, "headers-too-large", "The request headers are too large",
                    "Send at most " + maxHeaderBytes / 1024 + " KiB of headers.");
            return;
        }
        String length = rc.request().getHeader("Content-Length");
        if (length != null && tooLong(length.trim())) {
            // Before Quarkus' own check of the hard limit, which would answer in plain text.
            rc.response().putHeader("Connection", "close");
            answer(rc, 413, "too-large", "The request body is too large", "Send at most " + maxBodyBytes / 1024 + " KiB.");
            return;
        }
        if (!parses(uri) || !validPath(rc.request().path())) {
            answer(rc, 400, "malformed-path", "The address is not valid", "Check the path's percent-encoding.");
            return;
        }
        HttpMethod method = rc.request().method();
        if ((method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH)
                && hasBody(rc) && rc.request().getHeader("Content-Type") == null) {
            answer(rc, 415, "unsupported-media-type", "Unsupported Media Type", "Send the body as application/json with a Content-Type.");
            return;
        }
        rc.next();
    }

    void failure(RoutingContext rc) {
        if (rc.response().headWritten() || rc.response().ended() || rc.response().closed()) {
            rc.next();
            return;
        }
        int status = rc.statusCode() >= 400 ? rc.statusCode() : 500;
        securityHeaders(rc);
        problem(rc, status);
    }

    /** The problem for a status the HTTP layer (not a resource) answers with. */
    private static void problem(RoutingContext rc, int status) {
        switch (status) {
            case 400 -> answer(rc, 400, "bad-request", "Bad Request", "The request could not be read.");
            case 404 -> answer(rc, 404, "not-found", "Not found", "Nothing here.");
            case 405 -> answer(rc, 405, "method-not-allowed", "Method Not Allowed", "This method is not allowed here.");
            case 413 -> answer(rc, 413, "too-large", "The request body is too large", "The request body is too large.");
            case 414 -> answer(rc, 414, "uri-too-long", "The address is too long", "The address is too long.");
            case 415 -> answer(rc, 415, "unsupported-media-type", "Unsupported Media Type", "Send the body as application/json.");
            case 431 -> answer(rc, 431, "headers-too-large", "The request headers are too large", "The request headers are too large.");
            default -> {
                if (status >= 500) {
                    // Logged by Quarkus' own error handler is lost once we answer: say it here, without the request.
                    org.jboss.logging.Logger.getLogger(HttpLayer.class).errorf(rc.failure(), "failure %d on %s", status, rc.request().path());
                    answer(rc, status, "internal", "Something went wrong on our side", "Nothing you sent was lost; please try again in a moment.");
                } else {
                    answer(rc, status, "http-" + status, "Error", "The request could not be handled.");
                }
            }
        }
    }

    static void answer(RoutingContext rc, int status, String slug, String title, String detail) {
        JsonObject problem = new JsonObject()
                .put("type", "https://openly.app/problems/" + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        String path = rc.request().path();
        if (path != null && path.length() <= 256 && parses(path) && validPath(path)) {
            problem.put("instance", path);
        }
        rc.response().setStatusCode(status)
                .putHeader("Content-Type", ProblemMediaType.forAccept(rc.request().getHeader("Accept")))
                .putHeader("Cache-Control", "no-store")
                .end(problem.encode());
    }

    private boolean tooLong(String length) {
        if (length.isEmpty() || length.length() > 18 || !length.chars().allMatch(Character::isDigit)) {
            return false; // a malformed length is the HTTP layer's to refuse
        }
        return Long.parseLong(length) > maxBodyBytes;
    }

    private static boolean hasBody(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        if (length != null) {
            return !length.trim().equals("0");
        }
        return rc.request().getHeader("Transfer-Encoding") != null;
    }

    /** What Quarkus' own first handler checks when it is on ({@link #DISABLE_URI_VALIDATION}): the target is a URI. */
    static boolean parses(String uri) {
        if (uri == null) {
            return false;
        }
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Percent-encoding that decodes, and no control character (raw or encoded) in the path. */
    static boolean validPath(String path) {
        if (path == null) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return false;
            }
            if (c == '%') {
                if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0 || Character.digit(path.charAt(i + 2), 16) < 0) {
                    return false;
                }
                int decoded = Character.digit(path.charAt(i + 1), 16) * 16 + Character.digit(path.charAt(i + 2), 16);
                if (decoded < 0x20 || decoded == 0x7F) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }
}
