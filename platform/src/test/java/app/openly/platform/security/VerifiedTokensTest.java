package app.openly.platform.security;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final Instant EXP = NOW.plusSeconds(3600);

    @Test
    void aVerifiedTokenIsKnownByItsExactTextUntilJustBeforeItsExp() {
        VerifiedTokens<String> tokens = new VerifiedTokens<>(10);
        tokens.remember("a.b.c", "alice", EXP, NOW);

        assertEquals("alice", tokens.find("a.b.c", NOW));
        assertEquals("alice", tokens.find("a.b.c", EXP.minusMillis(1)));
        assertNull(tokens.find("a.b.c ", NOW), "another text (even one space more) is verified anew");
        assertNull(tokens.find("a.b.C", NOW));
        assertNull(tokens.find("a.b.c", EXP), "at its exp a token is no longer served");
        assertNull(tokens.find("a.b.c", EXP.minusSeconds(1)), "and once dropped it stays dropped (verified again)");
        assertEquals(0, tokens.size());
    }

    @Test
    void aTokenAlreadyExpiredWhenVerifiedIsNotRemembered() {
        // The verifier allows clock skew; the cache never extends that.
        VerifiedTokens<String> tokens = new VerifiedTokens<>(10);
        tokens.remember("old", "bob", NOW.minusSeconds(30), NOW);
        tokens.remember("now", "bob", NOW, NOW);

        assertNull(tokens.find("old", NOW.minusSeconds(60)));
        assertNull(tokens.find("now", NOW.minusSeconds(60)));
        assertEquals(0, tokens.size());
    }

    @Test
    void boundedTheLeastRecentlyUsedGoesFirst() {
        VerifiedTokens<String> tokens = new VerifiedTokens<>(2);
        tokens.remember("t1", "p1", EXP, NOW);
        tokens.remember("t2", "p2", EXP, NOW);
        tokens.find("t1", NOW); // t1 used again: t2 is now the eldest
        tokens.remember("t3", "p3", EXP, NOW);

        assertEquals(2, tokens.size());
        assertEquals("p1", tokens.find("t1", NOW));
        assertNull(tokens.find("t2", NOW));
        assertEquals("p3", tokens.find("t3", NOW));
    }

    @Test
    void sizeZeroKeepsNothing() {
        VerifiedTokens<String> tokens = new VerifiedTokens<>(0);
        tokens.remember("t1", "p1", EXP, NOW);
        assertNull(tokens.find("t1", NOW));
    }
}
