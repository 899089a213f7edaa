package app.openly.localstack;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench's {@code POST /api/v1/entries}: one body, many people, a fresh Idempotency-Key per request. Every byte but
 * the key's is built once (each person's signed token included: signed once per run, valid for its 24 h), so a request
 * costs the load generator one copy into an array instead of a request builder, a header map and a body publisher.
 * Keys are a per-run random UUID counted up (36 characters, unique within the run and, by the random part, across
 * runs), instead of a SecureRandom draw per request: the service only needs them distinct.
 */
final class EntryPosts {

    private final byte[][] heads;
    private final byte[] tail;
    private final long keyHigh;
    private final long keyLow;
    private final AtomicLong keys = new AtomicLong();

    EntryPosts(URI entries, String[] tokens, String body) {
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        heads = new byte[tokens.length][];
        String start = "POST " + entries.getRawPath() + " HTTP/1.1\r\nHost: " + entries.getHost() + ":" + entries.getPort()
                + "\r\nContent-Type: application/json\r\n";
        for (int p = 0; p < tokens.length; p++) {
            heads[p] = (start + "Authorization: Bearer " + tokens[p] + "\r\nIdempotency-Key: ").getBytes(StandardCharsets.ISO_8859_1);
        }
        byte[] end = ("\r\nContent-Length: " + bodyBytes.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        tail = new byte[end.length + bodyBytes.length];
        System.arraycopy(end, 0, tail, 0, end.length);
        System.arraycopy(bodyBytes, 0, tail, end.length, bodyBytes.length);
        UUID run = UUID.randomUUID();
        keyHigh = run.getMostSignificantBits();
        keyLow = run.getLeastSignificantBits();
    }

    int people() {
        return heads.length;
    }

    /** A request as person {@code n % people()}, with a key no other request of this instance had. */
    byte[] request(long n) {
        byte[] head = heads[(int) (n % heads.length)];
        byte[] key = new UUID(keyHigh, keyLow + keys.getAndIncrement()).toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + key.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(key, 0, all, head.length, key.length);
        System.arraycopy(tail, 0, all, head.length + key.length, tail.length);
        return all;
    }
}
