package app.openly.web;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Streams an {@code /api/...} request to the service the production Ingress would pick, with the session's access
 * token added and the browser's own credentials and hop-by-hop headers left out; the answer streams back as it comes
 * (Server-Sent Events included). {@link WebRoutes} has checked the session and the CSRF token before.
 */
final class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "host", "cookie", "authorization", "set-cookie", "x-csrf-token",
            "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host");

    private final HttpClient client;
    private final WebConfig.Upstreams upstreams;

    ApiProxy(HttpClient client, WebConfig.Upstreams upstreams) {
        this.client = client;
        this.upstreams = upstreams;
    }

    /** Sends the request to {@code base} (its service) at the normalized {@code path}, as {@code session}'s person. */
    void forward(RoutingContext ctx, URI base, String path, SessionData session) {
        HttpServerRequest in = ctx.request();
        in.pause();
        RequestOptions options = new RequestOptions().setMethod(in.method())
                // The normalized path chose the service, so the service gets that same path (no ../ games).
                .setAbsoluteURI(base.resolve(path + (in.query() == null ? "" : "?" + in.query())).toString())
                .setIdleTimeout(idleTimeout(path).toMillis());
        in.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                options.addHeader(h.getKey(), h.getValue());
            }
        });
        options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + session.accessToken());
        options.putHeader("X-Forwarded-Proto", WebChecks.secure(ctx) ? "https" : "http");
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
                // browser leaves, the service's side is closed too, so it stops writing to nobody. Not Vert.x's
                // pipeTo: after that reset the pipe ended the closed response, and a chunk already buffered then
                // hit it and was logged as an uncaught "Response has already been written" ERROR, each time someone
                // closed or reloaded a page holding the live stream.
                out.closeHandler(v -> {
                    if (!out.ended()) {
                        request.reset();
                    }
                });
                response.handler(chunk -> {
                    if (out.ended() || out.closed()) {
                        return; // the browser left: nobody to write to
                    }
                    out.write(chunk);
                    if (out.writeQueueFull()) {
                        response.pause();
                        out.drainHandler(v -> response.resume());
                    }
                });
                response.endHandler(v -> {
                    if (!out.ended() && !out.closed()) {
                        out.end();
                    }
                });
                // The service broke off mid-answer: the browser sees a broken answer, never a cut one that looks whole.
                response.exceptionHandler(err -> {
                    if (!out.ended() && !out.closed()) {
                        out.reset();
                    }
                });
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
        return path.equals(WebRoutes.STREAM_PATH) ? upstreams.streamIdleTimeout() : upstreams.timeout();
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

    private static void upstreamFailed(RoutingContext ctx, Throwable err) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        boolean timeout = err instanceof java.util.concurrent.TimeoutException
                || String.valueOf(err.getMessage()).toLowerCase(Locale.ROOT).contains("timeout");
        LOG.warnf("Upstream for %s %s failed: %s", ctx.request().method(), ctx.normalizedPath(), err.toString());
        WebChecks.problem(ctx, timeout ? 504 : 502, "This part of Openly is not answering right now",
                "Nothing was lost on your side; please try again in a moment.", null);
    }
}
