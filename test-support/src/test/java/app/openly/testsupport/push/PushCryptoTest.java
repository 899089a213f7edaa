package app.openly.testsupport.push;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The stand-in decrypts exactly as RFC 8291 specifies: the RFC's own example (section 5) is the vector. */
class PushCryptoTest {

    // RFC 8291 section 5, verbatim (published test keys).
    static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    static final String AUTH_SECRET = "BTBZMqHH6r4Tts7J_aSIgg";
    static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml"
            + "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT"
            + "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    void decryptsTheRfc8291Example() throws Exception {
        byte[] plain = PushCrypto.decrypt(PushCrypto.base64Url(BODY), PushCrypto.privateKey(PushCrypto.base64Url(UA_PRIVATE)),
                PushCrypto.base64Url(UA_PUBLIC), PushCrypto.base64Url(AUTH_SECRET));
        assertEquals(PLAINTEXT, new String(plain, StandardCharsets.UTF_8));
    }

    @Test
    void readsTheExampleKeysConsistently() throws Exception {
        // Both sides of the RFC's ECDH agree only if raw scalars and points are read the same way as the RFC's authors did.
        var uaSide = javax.crypto.KeyAgreement.getInstance("ECDH");
        uaSide.init(PushCrypto.privateKey(PushCrypto.base64Url(UA_PRIVATE)));
        uaSide.doPhase(PushCrypto.publicKey(PushCrypto.base64Url(AS_PUBLIC)), true);
        var asSide = javax.crypto.KeyAgreement.getInstance("ECDH");
        asSide.init(PushCrypto.privateKey(PushCrypto.base64Url(AS_PRIVATE)));
        asSide.doPhase(PushCrypto.publicKey(PushCrypto.base64Url(UA_PUBLIC)), true);
        assertArrayEquals(asSide.generateSecret(), uaSide.generateSecret());
        // The body's keyid is the application server's public key.
        assertArrayEquals(PushCrypto.base64Url(AS_PUBLIC), java.util.Arrays.copyOfRange(PushCrypto.base64Url(BODY), 21, 86));
        assertArrayEquals(PushCrypto.base64Url(UA_PUBLIC), PushCrypto.uncompressed(PushCrypto.publicKey(PushCrypto.base64Url(UA_PUBLIC))));
    }

    @Test
    void aWrongAuthSecretDoesNotDecrypt() throws Exception {
        byte[] wrongAuth = PushCrypto.base64Url(AUTH_SECRET);
        wrongAuth[0] ^= 1;
        assertThrows(GeneralSecurityException.class, () -> PushCrypto.decrypt(PushCrypto.base64Url(BODY),
                PushCrypto.privateKey(PushCrypto.base64Url(UA_PRIVATE)), PushCrypto.base64Url(UA_PUBLIC), wrongAuth));
    }

    @Test
    void aTamperedBodyDoesNotDecrypt() throws Exception {
        byte[] body = PushCrypto.base64Url(BODY);
        body[body.length - 1] ^= 1;
        assertThrows(GeneralSecurityException.class, () -> PushCrypto.decrypt(body,
                PushCrypto.privateKey(PushCrypto.base64Url(UA_PRIVATE)), PushCrypto.base64Url(UA_PUBLIC), PushCrypto.base64Url(AUTH_SECRET)));
    }
}
