package app.openly.platform.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ClaimsReadOnceTest {

    /** The token smallrye-jwt makes after verifying one (the type CachingJwtParser wraps). */
    private static JsonWebToken verified(String sub, String org) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("https://openly.local/issuer");
        claims.setAudience("openly-api");
        claims.setSubject(sub);
        claims.setExpirationTimeMinutesInTheFuture(60);
        claims.setIssuedAtToNow();
        claims.setStringListClaim("groups", List.of("org-admin"));
        if (org != null) {
            claims.setClaim(CurrentUser.ORG_CLAIM, org);
        }
        return new DefaultJWTCallerPrincipal("a.b.c", "JWT", claims);
    }

    @Test
    void answersAsTheVerifiedTokenDoes() {
        JsonWebToken plain = verified("alice", "acme");
        JsonWebToken once = new ClaimsReadOnce(verified("alice", "acme"));

        for (int i = 0; i < 3; i++) { // the first answer read, the later ones remembered: all alike
            assertEquals("acme", text(once.getClaim(CurrentUser.ORG_CLAIM)));
            assertEquals(plain.<Object>getClaim(CurrentUser.ORG_CLAIM), once.getClaim(CurrentUser.ORG_CLAIM));
        }
        assertEquals("alice", once.getSubject());
        assertEquals(plain.getSubject(), once.getName());
        assertEquals(Set.of("org-admin"), once.getGroups());
        assertEquals(plain.getAudience(), once.getAudience());
        assertEquals(plain.getIssuer(), once.getIssuer());
        assertEquals(plain.getExpirationTime(), once.getExpirationTime());
        assertEquals(plain.getClaimNames(), once.getClaimNames());
        assertEquals("a.b.c", once.getRawToken());
        assertNull(once.getClaim("not-in-the-token"));
        assertNull(new ClaimsReadOnce(verified("bob", null)).getClaim(CurrentUser.ORG_CLAIM), "no org: none, every time");
    }

    @Test
    void readsEachClaimFromTheVerifiedTokenOnceEvenWhenItIsAbsent() {
        Map<String, Integer> reads = new HashMap<>();
        JsonWebToken counting = new DefaultJWTCallerPrincipal("a.b.c", "JWT", claimsOf("carol")) {
            @Override
            protected Object getClaimValue(String claimName) {
                reads.merge(claimName, 1, Integer::sum);
                return super.getClaimValue(claimName);
            }
        };
        JsonWebToken once = new ClaimsReadOnce(counting);

        for (int i = 0; i < 5; i++) {
            assertEquals("acme", text(once.getClaim(CurrentUser.ORG_CLAIM)));
            assertNull(once.getClaim("team"));
        }
        assertEquals(Map.of(CurrentUser.ORG_CLAIM, 1, "team", 1), reads);
        Object first = once.getClaim(CurrentUser.ORG_CLAIM);
        assertSame(first, once.getClaim(CurrentUser.ORG_CLAIM));
    }

    /** A claim's text, as CurrentUser reads it (a JSON string or a plain one, by how the token was made). */
    private static String text(Object claim) {
        return claim instanceof JsonString s ? s.getString() : String.valueOf(claim);
    }

    private static JwtClaims claimsOf(String sub) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(sub);
        claims.setExpirationTimeMinutesInTheFuture(60);
        claims.setClaim(CurrentUser.ORG_CLAIM, "acme");
        return claims;
    }
}
