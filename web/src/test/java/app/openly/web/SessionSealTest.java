package app.openly.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionSealTest {

    private final Instant now = Instant.parse("2026-12-01T20:00:00Z");
    private final byte[] key = SessionSeal.randomKey();
    private final SessionSeal seal = new SessionSeal(key, Clock.fixed(now, ZoneOffset.UTC));
    private final SessionData session = new SessionData("header.payload.sig", "amara", "demo-org", List.of("org-admin"), "csrf-1",
            now.plusSeconds(3600));

    @Test
    void opensWhatItSealed() {
        assertEquals(session, seal.openSession("c", seal.sealSession("c", session)).orElseThrow());
    }

    @Test
    void theTokenIsNotReadableInTheCookie() {
        String sealed = seal.sealSession("c", session);
        String raw = new String(Base64.getUrlDecoder().decode(sealed), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("header.payload.sig"));
        assertFalse(raw.contains("amara"));
    }

    @Test
    void refusesAlteredForeignExpiredAndMovedCookies() {
        String sealed = seal.sealSession("c", session);
        char[] chars = sealed.toCharArray();
        chars[20] = chars[20] == 'A' ? 'B' : 'A';
        assertTrue(seal.openSession("c", new String(chars)).isEmpty(), "one changed character");
        assertTrue(new SessionSeal(SessionSeal.randomKey(), Clock.fixed(now, ZoneOffset.UTC)).openSession("c", sealed).isEmpty(), "another key");
        assertTrue(new SessionSeal(key, Clock.fixed(now.plusSeconds(3600), ZoneOffset.UTC)).openSession("c", sealed).isEmpty(), "expired");
        assertTrue(seal.openSession("other-cookie", sealed).isEmpty(), "sealed for another cookie");
        assertTrue(seal.openSession("c", "not base64 !").isEmpty());
        assertTrue(seal.openSession("c", "").isEmpty());
    }

    @Test
    void pkceChallengeIsTheRfc7636Example() {
        // RFC 7636 appendix B
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", OidcCodeFlow.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }
}
