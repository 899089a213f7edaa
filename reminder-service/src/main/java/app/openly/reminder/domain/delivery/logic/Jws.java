package app.openly.reminder.domain.delivery.logic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * Compact JWS (RFC 7515) signed with the JDK's own algorithms: RS256 for Google's service-account assertion,
 * ES256 for Apple's provider token. Only encoding is ours; the signatures are the JDK's
 * ({@code SHA256withRSA}, and {@code SHA256withECDSAinP1363Format}, which gives JWS's raw r||s form).
 */
public final class Jws {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Jws() {
    }

    public static String rs256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        return sign(header, claims, key, "SHA256withRSA");
    }

    public static String es256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        return sign(header, claims, key, "SHA256withECDSAinP1363Format");
    }

    private static String sign(Map<String, Object> header, Map<String, Object> claims, PrivateKey key, String algorithm) {
        try {
            String signingInput = B64URL.encodeToString(JSON.writeValueAsBytes(header)) + "." + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(signature.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a " + algorithm + " token", e);
        }
    }

    /**
     * A PKCS#8 private key from PEM ({@code -----BEGIN PRIVATE KEY-----}, as in a Google service-account key and an
     * Apple {@code .p8} file); {@code \n} escapes (a key pasted into an environment variable) are accepted.
     *
     * @param algorithm {@code RSA} or {@code EC}
     */
    public static PrivateKey privateKey(String pem, String algorithm) {
        String base64 = pem.replace("\\n", "\n").replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("not a PKCS#8 " + algorithm + " private key in PEM", e);
        }
    }
}
