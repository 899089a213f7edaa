package app.openly.testsupport.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;

/**
 * A VAPID {@code Authorization} header (RFC 8292: {@code vapid t=<JWT>, k=<public key>}) checked the way a
 * push service checks it: ES256 signature by {@code k}, {@code aud} equal to the push service's origin,
 * {@code exp} in the future and no more than 24 hours ahead, and a {@code sub} contact.
 *
 * @param publicKey the {@code k} parameter (base64url uncompressed P-256 point)
 */
public record VapidToken(String publicKey, String audience, Instant expires, String subject, String algorithm) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown for a header a push service would refuse; {@link #status} is what it answers. */
    public static final class Refused extends Exception {
        public final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    public static VapidToken verify(String authorization, String expectedAudience, Instant now) throws Refused {
        if (authorization == null || !authorization.regionMatches(true, 0, "vapid ", 0, 6)) {
            throw new Refused(401, "no VAPID Authorization header");
        }
        String token = null;
        String key = null;
        for (String part : authorization.substring(6).split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                token = p.substring(2);
            } else if (p.startsWith("k=")) {
                key = p.substring(2);
            }
        }
        if (token == null || key == null) {
            throw new Refused(401, "VAPID header without t= and k=");
        }
        String[] jws = token.split("\\.");
        if (jws.length != 3) {
            throw new Refused(401, "t is not a compact JWS");
        }
        try {
            JsonNode header = JSON.readTree(PushCrypto.base64Url(jws[0]));
            JsonNode claims = JSON.readTree(PushCrypto.base64Url(jws[1]));
            if (!"ES256".equals(header.path("alg").asText())) {
                throw new Refused(401, "alg is not ES256");
            }
            ECPublicKey k = PushCrypto.publicKey(PushCrypto.base64Url(key));
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(k);
            verifier.update((jws[0] + "." + jws[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(PushCrypto.base64Url(jws[2]))) {
                throw new Refused(403, "VAPID signature does not verify with k");
            }
            String aud = claims.path("aud").asText(null);
            if (!expectedAudience.equals(aud)) {
                throw new Refused(403, "aud " + aud + " is not this push service's origin " + expectedAudience);
            }
            if (!claims.path("exp").canConvertToLong()) {
                throw new Refused(403, "no exp");
            }
            Instant exp = Instant.ofEpochSecond(claims.path("exp").asLong());
            if (!exp.isAfter(now) || exp.isAfter(now.plusSeconds(24 * 3600))) {
                throw new Refused(403, "exp is not within the next 24 hours");
            }
            String sub = claims.path("sub").asText(null);
            if (sub == null || !(sub.startsWith("mailto:") || sub.startsWith("https://"))) {
                throw new Refused(403, "sub is not a mailto: or https: contact");
            }
            return new VapidToken(key, aud, exp, sub, header.path("alg").asText());
        } catch (Refused r) {
            throw r;
        } catch (Exception e) {
            throw new Refused(401, "VAPID token unreadable: " + e.getClass().getSimpleName());
        }
    }
}
