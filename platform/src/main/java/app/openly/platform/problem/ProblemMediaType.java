package app.openly.platform.problem;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * The media type a problem is sent as: {@code application/problem+json} (RFC 9457), unless the request's
 * {@code Accept} admits {@code application/json} but not {@code application/problem+json} (a client, proxy or
 * gateway that only knows JSON): then the same body as {@code application/json}. Every error answer of the documents
 * offers both, in this order, so a client generator finds a JSON answer and a strict client gets what it asked for.
 */
public final class ProblemMediaType {

    public static final String JSON = "application/json";

    private ProblemMediaType() {
    }

    /** The media type for a problem answering a request with this {@code Accept} header (null: none sent). */
    public static String forAccept(String accept) {
        if (accept == null || accept.isBlank()) {
            return Problem.MEDIA_TYPE;
        }
        boolean json = false;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            if (refused(parts)) {
                continue;
            }
            if (type.equals(Problem.MEDIA_TYPE) || type.equals("application/*") || type.equals("*/*")) {
                return Problem.MEDIA_TYPE;
            }
            json |= type.equals(JSON);
        }
        return json ? JSON : Problem.MEDIA_TYPE;
    }

    /**
     * Registered by the HTTP layer on every request: a problem on its way out (from a resource, a mapper or the HTTP
     * layer itself) is relabelled just before its headers are written when the request asked for plain JSON.
     */
    public static void negotiateOnTheWayOut(RoutingContext rc) {
        rc.addHeadersEndHandler(v -> {
            String sent = rc.response().headers().get(HttpHeaders.CONTENT_TYPE);
            if (sent != null && sent.toLowerCase(Locale.ROOT).startsWith(Problem.MEDIA_TYPE)) {
                rc.response().headers().set(HttpHeaders.CONTENT_TYPE, forAccept(rc.request().getHeader(HttpHeaders.ACCEPT)));
            }
        });
    }

    /** q=0 means "not acceptable" (RFC 9110 §12.4.2). */
    private static boolean refused(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2).trim()) <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
