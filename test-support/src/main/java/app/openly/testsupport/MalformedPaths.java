package app.openly.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paths a client library would never send (it would encode them): a malformed percent-encoding or an encoded
 * control character. Sent over a raw socket, and every service must answer them as a problem with the security
 * headers (issue 16: platform {@code HttpLayer}).
 */
public final class MalformedPaths {

    private MalformedPaths() {
    }

    /**
     * Below {@code prefix} (e.g. {@code /api/v1/entries}): not percent-encoding, an encoded NUL/ESC, characters a URI
     * cannot hold raw ({@code |}, {@code <>}); Quarkus' own first handler answered the first and the last kinds with an
     * empty 400 before platform's ServiceMain handed them to HttpLayer.
     */
    public static List<String> under(String prefix) {
        return List.of(prefix + "/%ZZ", prefix + "/%", prefix + "/%4", prefix + "/a%00b", prefix + "/a%1Bb", "/%ZZ" + prefix,
                prefix + "/a|b", prefix + "/<b>x</b>", prefix + "?q=%ZZ");
    }

    /** The whole answer (status line, headers, body) to {@code GET path}, with the connection closed after it. */
    public static String rawGet(int port, String path) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    /** A 400 problem+json that says the address is not valid, with the security headers, that does not echo the target. */
    public static void assertMalformedPathProblem(String path, String answer) {
        String lower = answer.toLowerCase(java.util.Locale.ROOT);
        assertTrue(answer.startsWith("HTTP/1.1 400"), path + ": " + answer);
        assertTrue(lower.contains("content-type: application/problem+json"), path + ": " + answer);
        assertTrue(lower.contains("content-security-policy: default-src 'none'; frame-ancestors 'none'"), path + ": " + answer);
        assertTrue(lower.contains("referrer-policy: no-referrer"), path + ": " + answer);
        assertTrue(lower.contains("x-content-type-options: nosniff"), path + ": " + answer);
        assertTrue(answer.contains("\"status\":400") && answer.contains("problems/malformed-path"), path + ": " + answer);
        // Not echoed: neither the target as sent nor any markup in it (a well-formed path before a malformed query may be).
        assertFalse(answer.contains(path) || answer.contains("<b>") || answer.contains("%ZZ"), "a malformed target is never echoed: " + answer);
    }
}
