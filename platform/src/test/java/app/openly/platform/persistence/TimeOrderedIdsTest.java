package app.openly.platform.persistence;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeOrderedIdsTest {

    /** RFC 9562, appendix A.6: the example version 7 id and the time it encodes (2022-02-22 14:22:22 at UTC-05:00). */
    @Test
    void readsTheTimeOfTheRfcsExample() {
        assertEquals(Instant.parse("2022-02-22T19:22:22Z"), TimeOrderedIds.madeAt(UUID.fromString("017F22E2-79B0-7CC3-98C4-DC0C0C07398F")));
    }

    @Test
    void versionSevenWithTheRfcsVariantAndTheMillisecondItWasMadeAt() {
        Instant at = Instant.parse("2026-12-03T19:04:05.678901Z");
        UUID id = TimeOrderedIds.at(at);
        assertEquals(7, id.version());
        assertEquals(2, id.variant(), "the RFC's variant (bits 10)");
        assertEquals(Instant.parse("2026-12-03T19:04:05.678Z"), TimeOrderedIds.madeAt(id));
        assertTrue(id.toString().startsWith("01a23d4a-db2e-7"), id.toString()); // 0x01a23d4adb2e... = that millisecond, in the first 48 bits
    }

    /**
     * In the order PostgreSQL's uuid type sorts (bytewise, as the lowercase text sorts; Java's UUID.compareTo compares
     * signed longs and would not do): ids of later milliseconds sort after those of earlier ones.
     */
    @Test
    void idsOfLaterMillisecondsSortAfterAsPostgresqlComparesThem() {
        List<String> made = new ArrayList<>();
        Instant start = Instant.parse("2026-12-03T19:00:00Z");
        for (int ms = 0; ms < 2_000; ms++) {
            made.add(TimeOrderedIds.at(start.plusMillis(ms * 37L)).toString());
        }
        List<String> sorted = new ArrayList<>(made);
        sorted.sort(null);
        assertEquals(made, sorted);
        // Across the sign bit of the first long too (a millisecond in 6500): still after.
        assertTrue(TimeOrderedIds.at(Instant.parse("6500-01-01T00:00:00Z")).toString().compareTo(made.get(made.size() - 1)) > 0);
    }

    @Test
    void manyInOneMillisecondAreAllDifferent() {
        Instant at = Instant.parse("2026-12-03T19:00:00Z");
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedIds.at(at));
        }
        assertEquals(100_000, ids.size());
    }

    @Test
    void refusesWhatItCannotHoldAndReadsOnlyVersionSeven() {
        assertThrows(IllegalArgumentException.class, () -> TimeOrderedIds.at(Instant.parse("1969-12-31T23:59:59Z")));
        assertThrows(IllegalArgumentException.class, () -> TimeOrderedIds.madeAt(UUID.randomUUID()));
    }
}
