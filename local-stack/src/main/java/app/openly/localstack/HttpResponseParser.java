package app.openly.localstack;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 response at a time, fed in whatever pieces the socket delivers ({@link BenchHttp}): the status, whether
 * the connection stays open, and the body (kept only when asked, and only up to a limit: the bench checks a 201's
 * entry id, not pages). Bodies framed by {@code Content-Length}, by {@code Transfer-Encoding: chunked} (extensions and
 * trailers skipped) or, without either, by the end of the connection; none for 1xx, 204 and 304. Anything it cannot
 * read is an {@link IllegalStateException}: the bench counts the request as failed and closes the connection.
 * <p>
 * Written for the bench instead of java.net.http.HttpClient, whose per-request machinery (builders, futures, executor
 * hand-offs, header maps) cost the load generator more CPU per entry than insights spent applying it (issue 17).
 * <p>
 * Over 200 lines: one state machine (status line, headers, the three body framings, trailers); split, its states would
 * have to be shared between classes.
 */
final class HttpResponseParser {

    private enum State { STATUS, HEADERS, BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, BODY_TO_CLOSE, DONE }

    private static final int MAX_LINE = 8192;

    private final int keepBody;
    private final StringBuilder line = new StringBuilder();
    private State state = State.STATUS;
    private int status;
    private boolean http10;
    private boolean close;
    private boolean keepAliveHeader;
    private boolean chunked;
    private long contentLength = -1;
    private long remaining;
    private ByteArrayOutputStream body;

    /** {@code keepBody}: how many bytes of the body to keep (0: none; the rest is read and dropped). */
    HttpResponseParser(int keepBody) {
        this.keepBody = keepBody;
    }

    /** Ready for the next response on the same connection. */
    void reset() {
        line.setLength(0);
        state = State.STATUS;
        status = 0;
        http10 = false;
        close = false;
        keepAliveHeader = false;
        chunked = false;
        contentLength = -1;
        remaining = 0;
        body = null;
    }

    /**
     * Consumes bytes of {@code in} until the response is complete or {@code in} is empty; returns whether it is
     * complete. Bytes after a complete response stay in {@code in} (the bench never pipelines, so any is an error there).
     */
    boolean feed(ByteBuffer in) {
        while (state != State.DONE && in.hasRemaining()) {
            switch (state) {
                case STATUS, HEADERS, CHUNK_SIZE, TRAILERS, CHUNK_DATA_END -> {
                    if (readLine(in)) {
                        onLine(line.toString());
                        line.setLength(0);
                    }
                }
                case BODY_LENGTH, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    take(in, n);
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.BODY_LENGTH ? State.DONE : State.CHUNK_DATA_END;
                    }
                }
                case BODY_TO_CLOSE -> take(in, in.remaining());
                default -> throw new IllegalStateException("unexpected state " + state);
            }
        }
        return state == State.DONE;
    }

    /** The peer closed the connection: completes a body framed by the close; returns whether the response is complete. */
    boolean endOfStream() {
        if (state == State.BODY_TO_CLOSE) {
            state = State.DONE;
        }
        return state == State.DONE;
    }

    /** Whether a response has begun (a closed idle connection is not an error of any request). */
    boolean started() {
        return state != State.STATUS || line.length() > 0;
    }

    boolean complete() {
        return state == State.DONE;
    }

    int status() {
        return status;
    }

    /** Whether the connection must be closed after this response (Connection: close, HTTP/1.0, or a body framed by the close). */
    boolean connectionCloses() {
        return close || (http10 && !keepAliveHeader) || (!chunked && contentLength < 0 && hasBody());
    }

    /** The kept part of the body as UTF-8 ("" when none was kept). */
    String body() {
        return body == null ? "" : body.toString(StandardCharsets.UTF_8);
    }

    private boolean hasBody() {
        return !(status / 100 == 1 || status == 204 || status == 304);
    }

    private void take(ByteBuffer in, int n) {
        int keep = body == null ? keepBody : keepBody - body.size();
        if (keep > 0) {
            if (body == null) {
                body = new ByteArrayOutputStream(Math.min(keepBody, 1024));
            }
            int k = Math.min(keep, n);
            if (in.hasArray()) {
                body.write(in.array(), in.arrayOffset() + in.position(), k);
                in.position(in.position() + k);
            } else {
                byte[] part = new byte[k];
                in.get(part);
                body.write(part, 0, k);
            }
            n -= k;
        }
        in.position(in.position() + n);
    }

    /** Reads up to and including CRLF (a bare LF is accepted too); returns whether a whole line is in {@code line}. */
    private boolean readLine(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return true;
            }
            if (line.length() >= MAX_LINE) {
                throw new IllegalStateException("response line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) (b & 0xff)); // ISO-8859-1, as HTTP/1.1 header bytes are read
        }
        return false;
    }

    private void onLine(String text) {
        switch (state) {
            case STATUS -> {
                // "HTTP/1.1 201 Created": the reason phrase may be empty or missing.
                if (!text.startsWith("HTTP/1.") || text.length() < 12 || text.charAt(8) != ' ') {
                    throw new IllegalStateException("not an HTTP/1.x status line: " + abbreviate(text));
                }
                http10 = text.charAt(7) == '0';
                try {
                    status = Integer.parseInt(text.substring(9, 12));
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("bad status code in: " + abbreviate(text));
                }
                if (text.length() > 12 && text.charAt(12) != ' ') {
                    throw new IllegalStateException("bad status code in: " + abbreviate(text));
                }
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (!text.isEmpty()) {
                    header(text);
                } else if (status / 100 == 1) {
                    // An interim answer (100 Continue): the real one follows on the same connection.
                    reset();
                } else if (!hasBody()) {
                    state = State.DONE;
                } else if (chunked) {
                    state = State.CHUNK_SIZE;
                } else if (contentLength >= 0) {
                    remaining = contentLength;
                    state = contentLength == 0 ? State.DONE : State.BODY_LENGTH;
                } else {
                    state = State.BODY_TO_CLOSE;
                }
            }
            case CHUNK_SIZE -> {
                int semicolon = text.indexOf(';');
                String size = (semicolon < 0 ? text : text.substring(0, semicolon)).trim();
                try {
                    remaining = Long.parseLong(size, 16);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("bad chunk size: " + abbreviate(text));
                }
                if (remaining < 0) {
                    throw new IllegalStateException("bad chunk size: " + abbreviate(text));
                }
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_DATA_END -> {
                if (!text.isEmpty()) {
                    throw new IllegalStateException("chunk longer than its size");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (text.isEmpty()) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException("unexpected state " + state);
        }
    }

    private void header(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalStateException("bad header line: " + abbreviate(text));
        }
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim();
        switch (name) {
            case "content-length" -> {
                long n;
                try {
                    n = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("bad Content-Length: " + abbreviate(value));
                }
                if (n < 0 || (contentLength >= 0 && contentLength != n)) {
                    throw new IllegalStateException("bad Content-Length: " + abbreviate(value));
                }
                contentLength = n;
            }
            case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
            case "connection" -> {
                String v = value.toLowerCase(Locale.ROOT);
                close |= v.contains("close");
                keepAliveHeader |= v.contains("keep-alive");
            }
            default -> {
                // other headers are not needed by the bench
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
