package app.openly.journal.domain;

import app.openly.events.Practice;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterAndPromptsTest {

    @Test
    void aPersonMayBurstUpToTheRateThenWaitsForTheNextToken() {
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        RateLimiter.Bucket bucket = null; // never wrote: a full bucket
        for (int i = 0; i < 6; i++) { // 6 a minute: one token per 10 s
            var d = RateLimiter.take(bucket, t0, 6);
            assertTrue(d.allowed());
            bucket = d.after();
        }
        var refused = RateLimiter.take(bucket, t0, 6);
        assertFalse(refused.allowed());
        assertEquals(Duration.ofSeconds(10), refused.retryAfter());
        var later = RateLimiter.take(refused.after(), t0.plusSeconds(4), 6);
        assertFalse(later.allowed());
        assertEquals(Duration.ofSeconds(6), later.retryAfter(), "the wait shrinks as the bucket refills");
        assertTrue(RateLimiter.take(bucket, t0.plusSeconds(10), 6).allowed());
        // A long pause refills to the burst size, never beyond it.
        var rested = RateLimiter.take(bucket, t0.plus(Duration.ofHours(5)), 6);
        assertEquals(5.0, rested.after().tokens(), 1e-9);
        // A replica whose clock is behind the last writer's neither refills nor moves the bucket back in time.
        var skewed = RateLimiter.take(new RateLimiter.Bucket(0.5, t0), t0.minusSeconds(30), 6);
        assertFalse(skewed.allowed());
        assertEquals(t0, skewed.after().refilledAt());
    }

    @Test
    void promptsDoNotRepeatUntilAllWereShown() {
        for (Practice practice : Practice.values()) {
            int n = Prompts.PROMPTS.get(practice).size();
            long firstDayOfCycle = Math.floorDiv(LocalDate.parse("2026-11-25").toEpochDay(), n) * n;
            Set<String> seen = new HashSet<>();
            for (int d = 0; d < n; d++) {
                assertTrue(seen.add(Prompts.forDay("person-1", practice, LocalDate.ofEpochDay(firstDayOfCycle + d))),
                        practice + " repeated within a cycle");
            }
            assertEquals(Prompts.forDay("p", practice, LocalDate.parse("2026-11-25")), Prompts.forDay("p", practice, LocalDate.parse("2026-11-25")));
        }
    }

    @Test
    void promptsAreGentle() {
        for (var prompts : Prompts.PROMPTS.values()) {
            for (String p : prompts) {
                String lower = p.toLowerCase();
                for (String banned : new String[]{"you failed", "streak", "don't forget", "you should have", "must"}) {
                    assertFalse(lower.contains(banned), p);
                }
            }
        }
    }
}
