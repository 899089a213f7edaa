package app.openly.localstack;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's HTTP/1.1 answer framing, fed whole and one byte at a time (as a socket may deliver it). */
class HttpResponseParserTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Feeds {@code s} one byte at a time; returns after how many bytes the answer was complete (-1: never). */
    private static int feedByByte(HttpResponseParser p, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i++) {
            if (p.feed(ByteBuffer.wrap(b, i, 1))) {
                return i + 1;
            }
        }
        return -1;
    }

    @Test
    void aContentLengthBodyEndsAtItsLengthAndTheConnectionStaysOpen() {
        String answer = "HTTP/1.1 201 Created\r\nLocation: /api/v1/entries/1\r\ncontent-length: 11\r\nContent-Type: application/json\r\n\r\n{\"id\":\"x\"}\n";
        HttpResponseParser p = new HttpResponseParser(100);
        assertEquals(answer.length(), feedByByte(p, answer));
        assertEquals(201, p.status());
        assertEquals("{\"id\":\"x\"}\n", p.body());
        assertFalse(p.connectionCloses());

        HttpResponseParser whole = new HttpResponseParser(0);
        ByteBuffer in = bytes(answer + "HTTP/1.1 200 OK");
        assertTrue(whole.feed(in));
        assertEquals("HTTP/1.1 200 OK".length(), in.remaining(), "bytes after the answer are left for the caller");
        assertEquals("", whole.body(), "no body kept when none was asked for");
    }

    @Test
    void aChunkedBodyIsReassembledWithExtensionsAndTrailersSkipped() {
        String answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n" + "7\r\n, world\r\n" + "0\r\nX-Trailer: yes\r\n\r\n";
        HttpResponseParser p = new HttpResponseParser(1000);
        assertEquals(answer.length(), feedByByte(p, answer));
        assertEquals(200, p.status());
        assertEquals("hello, world", p.body());
        assertFalse(p.connectionCloses());

        HttpResponseParser capped = new HttpResponseParser(3);
        assertTrue(capped.feed(bytes(answer)));
        assertEquals("hel", capped.body(), "only as much body as asked for is kept, the rest is read and dropped");
    }

    @Test
    void noBodyFor204And304AndAnInterimAnswerIsSkipped() {
        HttpResponseParser p = new HttpResponseParser(10);
        assertTrue(p.feed(bytes("HTTP/1.1 204 No Content\r\n\r\n")));
        assertEquals(204, p.status());
        assertFalse(p.connectionCloses());
        p.reset();
        assertTrue(p.feed(bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")));
        assertEquals(200, p.status());
        assertEquals("ok", p.body());
    }

    @Test
    void theConnectionClosesWhenTheServerSaysSoOrTheBodyEndsWithIt() {
        HttpResponseParser close = new HttpResponseParser(0);
        assertTrue(close.feed(bytes("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")));
        assertEquals(503, close.status());
        assertTrue(close.connectionCloses());

        HttpResponseParser http10 = new HttpResponseParser(0);
        assertTrue(http10.feed(bytes("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")));
        assertTrue(http10.connectionCloses(), "HTTP/1.0 without keep-alive closes");
        HttpResponseParser http10KeepAlive = new HttpResponseParser(0);
        assertTrue(http10KeepAlive.feed(bytes("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")));
        assertFalse(http10KeepAlive.connectionCloses());

        HttpResponseParser toClose = new HttpResponseParser(100);
        assertFalse(toClose.feed(bytes("HTTP/1.1 200 OK\r\n\r\nuntil the end")));
        assertTrue(toClose.started());
        assertTrue(toClose.endOfStream(), "without a length the body ends with the connection");
        assertEquals("until the end", toClose.body());
        assertTrue(toClose.connectionCloses());
    }

    @Test
    void anAnswerCutShortIsNotComplete() {
        HttpResponseParser p = new HttpResponseParser(0);
        assertFalse(p.feed(bytes("HTTP/1.1 201 Created\r\nContent-Length: 10\r\n\r\n12345")));
        assertFalse(p.endOfStream(), "a Content-Length body cut by the close is a failure, not an answer");
        HttpResponseParser chunked = new HttpResponseParser(0);
        assertFalse(chunked.feed(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")));
        assertFalse(chunked.endOfStream());
        HttpResponseParser nothing = new HttpResponseParser(0);
        assertFalse(nothing.started(), "an idle connection closed before any answer began");
    }

    @Test
    void garbageIsRefused() {
        assertThrows(IllegalStateException.class, () -> new HttpResponseParser(0).feed(bytes("SSH-2.0-OpenSSH\r\n")));
        assertThrows(IllegalStateException.class, () -> new HttpResponseParser(0).feed(bytes("HTTP/1.1 2x1 Created\r\n")));
        assertThrows(IllegalStateException.class, () -> new HttpResponseParser(0).feed(bytes("HTTP/1.1 201 Created\r\nno colon here\r\n")));
        assertThrows(IllegalStateException.class, () -> new HttpResponseParser(0).feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")));
        assertThrows(IllegalStateException.class,
                () -> new HttpResponseParser(0).feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n")));
        assertThrows(IllegalStateException.class,
                () -> new HttpResponseParser(0).feed(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")));
        assertThrows(IllegalStateException.class,
                () -> new HttpResponseParser(0).feed(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n")),
                "a chunk longer than its size");
    }

    @Test
    void resetReadsTheNextAnswerOnTheSameConnection() {
        HttpResponseParser p = new HttpResponseParser(10);
        assertTrue(p.feed(bytes("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 3\r\n\r\nbad")));
        assertEquals(500, p.status());
        p.reset();
        assertFalse(p.complete());
        assertTrue(p.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")));
        assertEquals(200, p.status());
        assertEquals("ok", p.body());
    }
}
