package app.openly.web;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stands where the three services stand, answering with what it received (method, path, the headers the
 * web process must add or drop, the body), so the tests see what a service would see. A real local key
 * pair signs the tokens.
 */
public class UpstreamStandIn implements QuarkusTestResourceLifecycleManager {

    static final CopyOnWriteArrayList<JsonObject> RECEIVED = new CopyOnWriteArrayList<>();
    /** The live stream stand-in writes one event, then stays open until this is counted down (or 20 s pass). */
    static volatile CountDownLatch streamMayEnd = new CountDownLatch(1);
    /** Counted down when the stream stand-in noticed its client has gone (a write failed). */
    static volatile CountDownLatch streamClientGone = new CountDownLatch(1);
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            Path keys = Files.createTempDirectory("openly-web-test");
            var gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            var pair = gen.generateKeyPair();
            Path privateKey = keys.resolve("jwt-private.pem");
            Files.writeString(privateKey, "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext(WebRoutes.STREAM_PATH, exchange -> {
                RECEIVED.add(new JsonObject().put("uri", exchange.getRequestURI().toString())
                        .put("accept", exchange.getRequestHeaders().getFirst("Accept")));
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                var out = exchange.getResponseBody();
                try {
                    out.write("event: reminder\ndata: {\"kind\":\"reminder\",\"body\":\"A gentle moment\"}\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    // Heartbeats until the test lets the stream end; a failing write means the client went away.
                    for (int i = 0; i < 200 && !streamMayEnd.await(100, TimeUnit.MILLISECONDS); i++) {
                        out.write(":heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    streamClientGone.countDown();
                } finally {
                    exchange.close();
                }
            });
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                JsonObject seen = new JsonObject().put("method", exchange.getRequestMethod())
                        .put("uri", exchange.getRequestURI().toString())
                        .put("authorization", exchange.getRequestHeaders().getFirst("Authorization"))
                        .put("cookie", exchange.getRequestHeaders().getFirst("Cookie"))
                        .put("csrf", exchange.getRequestHeaders().getFirst("X-CSRF-Token"))
                        .put("ifMatch", exchange.getRequestHeaders().getFirst("If-Match"))
                        .put("body", new String(body, StandardCharsets.UTF_8));
                RECEIVED.add(seen);
                byte[] out = seen.encode().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("ETag", "\"7\"");
                int status = 200;
                if (exchange.getRequestMethod().equals("POST")) {
                    status = 201;
                    exchange.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort() + "/api/v1/entries/e1");
                }
                if (exchange.getRequestURI().getPath().endsWith("/stale")) {
                    status = 412;
                    exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
                }
                exchange.sendResponseHeaders(status, out.length);
                exchange.getResponseBody().write(out);
                exchange.close();
            });
            server.start();
            String base = "http://localhost:" + server.getAddress().getPort();
            return Map.of("openly.web.auth.local.signing-key-location", privateKey.toString(),
                    "openly.web.upstreams.journal", base, "openly.web.upstreams.reminder", base, "openly.web.upstreams.insights", base);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
