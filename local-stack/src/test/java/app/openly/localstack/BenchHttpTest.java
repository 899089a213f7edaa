package app.openly.localstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench's HTTP client against a scripted server on a real socket: keep-alive reuse, chunked and length-framed
 * answers, a server that closes, garbage, a timeout, and what the requests it builds look like on the wire.
 */
class BenchHttpTest {

    /** A server answering each request (its head and body, as text) with what {@code answer} returns; null: close without answering. */
    private static final class ScriptedServer implements AutoCloseable {
        final ServerSocket socket;
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger connections = new AtomicInteger();
        final List<Socket> open = Collections.synchronizedList(new ArrayList<>());

        ScriptedServer(Function<String, String> answer) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        open.add(s);
                        Thread t = new Thread(() -> serve(s, answer));
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
        }

        private void serve(Socket s, Function<String, String> answer) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    String reply = answer.apply(request);
                    if (reply == null) {
                        return;
                    }
                    out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        /** Head, blank line and a Content-Length body; null at the end of the stream. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                String h = head.toString(StandardCharsets.ISO_8859_1);
                if (h.endsWith("\r\n\r\n")) {
                    int length = 0;
                    for (String line : h.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    byte[] body = in.readNBytes(length);
                    return h + new String(body, StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (open) {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }

    private record Outcome(int status, String body, String problem) {
    }

    private static Outcome call(BenchHttp http, byte[] request) throws Exception {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        http.send(request, new BenchHttp.Answer() {
            @Override
            public void answered(int status, String body, long nanoTime) {
                outcome.complete(new Outcome(status, body, null));
            }

            @Override
            public void failed(String problem, long nanoTime) {
                outcome.complete(new Outcome(0, null, problem));
            }
        });
        return outcome.get(10, TimeUnit.SECONDS);
    }

    private ScriptedServer server;
    private BenchHttp http;

    @AfterEach
    void stop() throws Exception {
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersOfEitherFramingComeBackOnOneKeptAliveConnection() throws Exception {
        AtomicInteger n = new AtomicInteger();
        server = new ScriptedServer(request -> n.incrementAndGet() % 2 == 1
                ? "HTTP/1.1 201 Created\r\nContent-Length: 12\r\n\r\n{\"id\":\"one\"}"
                : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n");
        http = new BenchHttp(server.uri(), 4, Duration.ofSeconds(5), 100);
        byte[] get = LoadBench.get(server.uri() + "/q/health/live");
        for (int i = 0; i < 3; i++) {
            assertEquals(new Outcome(201, "{\"id\":\"one\"}", null), call(http, get));
            assertEquals(new Outcome(200, "two", null), call(http, get));
        }
        assertEquals(1, server.connections.get(), "one request at a time reuses one connection");
        assertEquals(1, http.connectionsOpened());
        assertTrue(server.requests.get(0).startsWith("GET /q/health/live HTTP/1.1\r\nHost: 127.0.0.1:" + server.socket.getLocalPort() + "\r\n\r\n"),
                server.requests.get(0));
    }

    @Test
    void concurrentRequestsOpenConnectionsUpToTheLimitAndTheRestWait() throws Exception {
        server = new ScriptedServer(request -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        });
        http = new BenchHttp(server.uri(), 3, Duration.ofSeconds(5), 0);
        byte[] get = LoadBench.get(server.uri() + "/");
        AtomicInteger ok = new AtomicInteger();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(9);
        for (int i = 0; i < 9; i++) {
            http.send(get, new BenchHttp.Answer() {
                @Override
                public void answered(int status, String body, long nanoTime) {
                    if (status == 200) {
                        ok.incrementAndGet();
                    }
                    done.countDown();
                }

                @Override
                public void failed(String problem, long nanoTime) {
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(9, ok.get());
        assertEquals(3, server.connections.get());
    }

    @Test
    void aServerThatClosesCostsOnlyItsOwnRequestAndTheNextOneReconnects() throws Exception {
        AtomicInteger n = new AtomicInteger();
        server = new ScriptedServer(request -> switch (n.incrementAndGet()) {
            case 1 -> "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
            case 2 -> null; // closes without a word
            case 3 -> "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"; // then closes mid-body (the reply ends the script)
            case 4 -> "SSH-2.0-OpenSSH\r\n";
            default -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        });
        http = new BenchHttp(server.uri(), 1, Duration.ofSeconds(5), 10);
        byte[] get = LoadBench.get(server.uri() + "/");
        assertEquals(503, call(http, get).status());
        assertTrue(call(http, get).problem().contains("closed"));
        // case 3: the server's thread writes the partial answer and waits for the next request, so close it from here
        CompletableFuture<Outcome> cut = new CompletableFuture<>();
        http.send(get, new BenchHttp.Answer() {
            @Override
            public void answered(int status, String body, long nanoTime) {
                cut.complete(new Outcome(status, body, null));
            }

            @Override
            public void failed(String problem, long nanoTime) {
                cut.complete(new Outcome(0, null, problem));
            }
        });
        long waitUntil = System.nanoTime() + 5_000_000_000L;
        while (server.requests.size() < 3 && System.nanoTime() < waitUntil) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        synchronized (server.open) {
            server.open.get(server.open.size() - 1).close();
        }
        assertEquals("connection closed mid-answer", cut.get(10, TimeUnit.SECONDS).problem());
        assertTrue(call(http, get).problem().startsWith("bad answer"), "garbage fails its request");
        assertEquals(new Outcome(200, "ok", null), call(http, get));
        assertEquals(5, http.connectionsOpened(), "each close was followed by a new connection");
    }

    @Test
    void aRequestWithoutAnAnswerFailsAfterTheTimeout() throws Exception {
        server = new ScriptedServer(request -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        http = new BenchHttp(server.uri(), 1, Duration.ofMillis(300), 0);
        long start = System.nanoTime();
        Outcome o = call(http, LoadBench.get(server.uri() + "/"));
        assertTrue(o.problem().startsWith("no answer within"), o.toString());
        assertTrue(System.nanoTime() - start < 3_000_000_000L);
    }

    @Test
    void nothingListeningIsAFailedRequestNotAHang() throws Exception {
        URI nowhere;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        http = new BenchHttp(nowhere, 1, Duration.ofSeconds(5), 0);
        Outcome o = call(http, LoadBench.get(nowhere + "/"));
        assertEquals(0, o.status());
        assertTrue(o.problem() != null, o.toString());
    }

    @Test
    void entryPostsCarryEachPersonsTokenAFreshKeyAndTheBody() throws Exception {
        server = new ScriptedServer(request -> "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}");
        URI entries = URI.create(server.uri() + "/api/v1/entries");
        EntryPosts posts = new EntryPosts(entries, new String[] {"token-a", "token-b"}, "{\"sentence\":\"é\"}");
        http = new BenchHttp(server.uri(), 1, Duration.ofSeconds(5), 0);
        for (int i = 0; i < 4; i++) {
            assertEquals(201, call(http, posts.request(i)).status());
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String r = server.requests.get(i);
            assertTrue(r.startsWith("POST /api/v1/entries HTTP/1.1\r\n"), r);
            assertTrue(r.contains("\r\nAuthorization: Bearer " + (i % 2 == 0 ? "token-a" : "token-b") + "\r\n"), r);
            assertTrue(r.contains("\r\nContent-Type: application/json\r\n"), r);
            assertTrue(r.contains("\r\nContent-Length: 17\r\n"), "the body's length in UTF-8 bytes: " + r);
            assertTrue(r.endsWith("\r\n\r\n{\"sentence\":\"é\"}"), r);
            String key = r.split("Idempotency-Key: ")[1].split("\r\n")[0];
            assertEquals(36, key.length(), key);
            keys.add(key);
        }
        assertEquals(4, keys.stream().distinct().count(), "a fresh key per request: " + keys);
    }

    @Test
    void aCreatedAnswerMustNameItsEntry() {
        assertTrue(OpenLoopBench.hasEntryId("{\"id\":\"0b9f6c1e-8f2d-4d7a-9a55-5d2b8f0c9e11\",\"practice\":\"HONEST_SENTENCE\"}"));
        assertTrue(!OpenLoopBench.hasEntryId("{\"practice\":\"HONEST_SENTENCE\"}"));
        assertTrue(!OpenLoopBench.hasEntryId("{\"id\":\"not-a-uuid-at-all-but-36-characters\"}"));
        assertTrue(!OpenLoopBench.hasEntryId(""));
    }
}
