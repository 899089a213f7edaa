package app.openly.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench's HTTP/1.1 client: keep-alive connections to one server, driven by one thread with a selector, requests
 * given as ready bytes ({@link #request}). A request goes out on an idle connection, or on a new one while fewer than
 * {@code maxConnections} are open, else it waits for the next to come free; the closed loop opens exactly its N
 * connections, the open loop as many as its requests in flight need (as java.net.http did). Answers and failures are
 * reported on the client's thread with the time they arrived ({@link Answer}); keep them short.
 * <p>
 * Why not java.net.http.HttpClient (issue 17): on the 2-core box the bench measures, the load generator took 1.36 CPU-ms
 * per entry, 12 % of the box, in request builders, futures, executor hand-offs and header maps. This does the same
 * exchange (one request, one checked answer, per connection at a time; no pipelining) with a byte copy and a parse.
 * <p>
 * Over 200 lines: the selector loop, the connections' states and the timeouts are one mechanism.
 */
final class BenchHttp implements AutoCloseable {

    /** Called on the client's thread. */
    interface Answer {
        void answered(int status, String body, long nanoTime);

        void failed(String problem, long nanoTime);
    }

    private record Pending(byte[] bytes, Answer answer) {
    }

    private final InetSocketAddress address;
    private final int maxConnections;
    private final long timeoutNanos;
    private final int keepBody;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Pending> submitted = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final Set<Connection> busy = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final Thread thread;
    private final AtomicLong opened = new AtomicLong();
    private volatile boolean closed;
    private int open;

    /**
     * @param base        the server (scheme http, host and port; the path is each request's)
     * @param timeout     how long a request may wait for its answer, from when it was handed over
     * @param keepBody    bytes of each body handed to {@link Answer#answered} (0: none)
     */
    BenchHttp(URI base, int maxConnections, Duration timeout, int keepBody) throws IOException {
        if (!"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("the bench speaks plain http only: " + base);
        }
        this.address = new InetSocketAddress(base.getHost(), base.getPort() < 0 ? 80 : base.getPort());
        this.maxConnections = maxConnections;
        this.timeoutNanos = timeout.toNanos();
        this.keepBody = keepBody;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "bench-http");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A request's bytes: {@code method path HTTP/1.1}, Host, the given header lines ("Name: value"), and with a body
     * its Content-Length. Build the parts that never change once: {@link #request} is a copy into one array.
     */
    static byte[] request(String method, URI uri, byte[] body, String... headers) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return start;
        }
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    /** Hands a request over (any thread); its answer or failure comes back on the client's thread. */
    void send(byte[] request, Answer answer) {
        if (closed) {
            answer.failed("client closed", System.nanoTime());
            return;
        }
        submitted.add(new Pending(request, answer));
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    /** Connections opened so far (the closed loop's must stay at its client count). */
    long connectionsOpened() {
        return opened.get();
    }

    private void loop() {
        long nextTimeoutCheck = System.nanoTime();
        while (!closed) {
            try {
                for (Pending p; (p = submitted.poll()) != null; ) {
                    waiting.add(p);
                }
                dispatch();
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    if (key.isValid()) {
                        c.ready(key);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now - nextTimeoutCheck >= 0) {
                    nextTimeoutCheck = now + 50_000_000;
                    for (Connection c : new ArrayList<>(busy)) {
                        if (c.current != null && now - c.deadline > 0) {
                            c.fail("no answer within " + Duration.ofNanos(timeoutNanos).toSeconds() + " s", now);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The selector itself failed: nothing more can be sent; say so to everyone waiting.
                System.out.println("  (bench HTTP client stopped: " + e + ")");
                closed = true;
            }
        }
        long now = System.nanoTime();
        for (Connection c : new ArrayList<>(busy)) {
            c.fail("client closed", now);
        }
        idle.forEach(Connection::closeQuietly);
        for (Pending p : waiting) {
            p.answer.failed("client closed", now);
        }
        for (Pending p; (p = submitted.poll()) != null; ) {
            p.answer.failed("client closed", now);
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void dispatch() {
        while (!waiting.isEmpty()) {
            Connection c = idle.pollFirst();
            if (c == null) {
                if (open >= maxConnections) {
                    return;
                }
                c = new Connection();
                open++;
                opened.incrementAndGet();
                c.start(waiting.poll());
                c.connect();
            } else {
                c.start(waiting.poll());
                c.write();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        selector.wakeup();
        thread.join(5000);
    }

    /** One keep-alive connection; touched by the client's thread only. */
    private final class Connection {
        private final HttpResponseParser parser = new HttpResponseParser(keepBody);
        private SocketChannel channel;
        private SelectionKey key;
        private Pending current;
        private ByteBuffer out;
        private long deadline;

        void start(Pending p) {
            current = p;
            out = ByteBuffer.wrap(p.bytes);
            parser.reset();
            deadline = System.nanoTime() + timeoutNanos;
            busy.add(this);
        }

        void connect() {
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                boolean connected = channel.connect(address);
                key = channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, this);
                if (connected) {
                    write();
                }
            } catch (IOException e) {
                fail("cannot connect: " + e.getMessage(), System.nanoTime());
            }
        }

        void write() {
            try {
                channel.write(out);
                key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            } catch (IOException e) {
                fail("cannot send: " + e.getMessage(), System.nanoTime());
            }
        }

        void ready(SelectionKey k) {
            try {
                if (k.isConnectable()) {
                    if (channel.finishConnect()) {
                        write();
                    }
                    return;
                }
                if (k.isWritable()) {
                    write();
                    return;
                }
                if (k.isReadable()) {
                    read();
                }
            } catch (IOException e) {
                fail((current == null ? "" : "no answer: ") + e.getMessage(), System.nanoTime());
            } catch (IllegalStateException e) {
                fail("bad answer: " + e.getMessage(), System.nanoTime());
            }
        }

        private void read() throws IOException {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            long now = System.nanoTime();
            if (n < 0) {
                if (current != null && parser.endOfStream()) {
                    finish(now);
                } else {
                    fail(current == null || !parser.started() ? "connection closed by the server" : "connection closed mid-answer", now);
                }
                return;
            }
            readBuffer.flip();
            if (current == null) {
                if (readBuffer.hasRemaining()) {
                    throw new IllegalStateException("bytes from the server while no request was waiting");
                }
                return;
            }
            if (parser.feed(readBuffer)) {
                if (readBuffer.hasRemaining()) {
                    throw new IllegalStateException("bytes after the end of the answer");
                }
                finish(now);
            }
        }

        private void finish(long now) {
            Pending p = current;
            current = null;
            busy.remove(this);
            if (parser.connectionCloses() || !channel.isOpen()) {
                closeQuietly();
                open--;
            } else {
                key.interestOps(SelectionKey.OP_READ); // an idle connection's close is noticed at once
                idle.addLast(this);
            }
            p.answer.answered(parser.status(), parser.body(), now);
        }

        /** Closes the connection; its request, if any, fails. */
        void fail(String problem, long now) {
            Pending p = current;
            current = null;
            busy.remove(this);
            if (!idle.remove(this) && p == null) {
                // neither idle nor busy: already closed
                closeQuietly();
                return;
            }
            closeQuietly();
            open--;
            if (p != null) {
                p.answer.failed(problem, now);
            }
        }

        void closeQuietly() {
            try {
                if (key != null) {
                    key.cancel();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
