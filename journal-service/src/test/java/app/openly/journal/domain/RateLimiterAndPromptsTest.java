package app.openly.journal.domain;

import app.openly.events.Practice;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterAndPromptsTest {

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aPersonMayBurstUpToTheRateThenWaitsForTheNextToken() {
        MutableClock clock = new MutableClock();
        RateLimiter limiter = new RateLimiter(clock, 6); // one token per 10 s
        for (int i = 0; i < 6; i++) {
            assertEquals(Duration.ZERO, limiter.tryAcquire("a"));
        }
        Duration wait = limiter.tryAcquire("a");
        assertFalse(wait.isZero());
        assertTrue(wait.compareTo(Duration.ofSeconds(10)) <= 0, wait.toString());
        assertEquals(Duration.ZERO, limiter.tryAcquire("b"), "people have their own buckets");
        clock.now = clock.now.plusSeconds(10);
        assertEquals(Duration.ZERO, limiter.tryAcquire("a"));
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
