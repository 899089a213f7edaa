package app.openly.platform.persistence;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Version 7 UUIDs (RFC 9562 §5.7): the first 48 bits are the Unix time in milliseconds, the other 74 free bits random.
 * For ids that become keys of tables that only grow (entries, events and the consumers' ledgers of them). Why: a
 * random (version 4) key lands on a random leaf page of its index, and after each checkpoint PostgreSQL logs a page's
 * first change whole (a full-page image, up to 8 kB), so with millions of rows nearly every insert paid for one page
 * image per such index; ids in time order go to the index's right edge, a few pages that stay in memory and are
 * logged whole once per checkpoint. The 74 random bits come from a SecureRandom, as version 4's 122 do: an id still
 * cannot be guessed from another (and another person's id answers 404 anyway). What the id gives away is when it was
 * made, to the millisecond, which every place it goes already carries (recordedAt, the event's time).
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    /** A new id made at {@code at} (the injected clock's now). */
    public static UUID at(Instant at) {
        long millis = at.toEpochMilli();
        if (millis < 0 || millis >= 1L << 48) {
            throw new IllegalArgumentException("a version 7 id holds Unix milliseconds from 1970 to 10889: " + at);
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long randA = ((random[0] & 0xFFL) << 8 | (random[1] & 0xFFL)) & 0x0FFFL; // 12 bits
        long randB = 0;
        for (int i = 2; i < 10; i++) {
            randB = randB << 8 | (random[i] & 0xFFL);
        }
        long most = millis << 16 | 0x7000L | randA;                // unix_ts_ms (48) | ver 0111 (4) | rand_a (12)
        long least = 0x8000_0000_0000_0000L | randB >>> 2;          // var 10 (2) | rand_b (62)
        return new UUID(most, least);
    }

    /** The millisecond a version 7 id was made at (for tests and diagnostics). */
    public static Instant madeAt(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException("not a version 7 id: " + id);
        }
        return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    }
}
