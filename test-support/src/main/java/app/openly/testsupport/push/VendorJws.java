package app.openly.testsupport.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * A compact JWS handed to a push vendor (APNs' provider token, FCM's JWT-bearer assertion), read and verified as the
 * vendor does: one reading for both stand-ins.
 *
 * @param header     the protected header
 * @param claims     the claims
 * @param signed     {@code header.claims} as sent (the signing input)
 * @param signature  the signature's bytes
 */
record VendorJws(JsonNode header, JsonNode claims, String signed, byte[] signature) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @return the JWS, or null when {@code compact} is not three dot-separated parts
     * @throws IllegalArgumentException, java.io.IOException when a part is not base64url JSON (the caller refuses it)
     */
    static VendorJws read(String compact) throws Exception {
        String[] parts = compact == null ? new String[0] : compact.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        Base64.Decoder base64 = Base64.getUrlDecoder();
        return new VendorJws(JSON.readTree(base64.decode(parts[0])), JSON.readTree(base64.decode(parts[1])),
                parts[0] + "." + parts[1], base64.decode(parts[2]));
    }

    /** Whether the signature verifies with {@code key} ({@code jcaAlgorithm}: SHA256withECDSAinP1363Format for ES256, SHA256withRSA for RS256). */
    boolean signedBy(String jcaAlgorithm, PublicKey key) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(jcaAlgorithm);
        verifier.initVerify(key);
        verifier.update(signed.getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(signature);
    }
}
