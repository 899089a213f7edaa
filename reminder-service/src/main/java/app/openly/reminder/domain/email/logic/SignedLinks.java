package app.openly.reminder.domain.email.logic;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The secrets inside e-mail links. Unsubscribe tokens are signed (HMAC-SHA256 over person and kind) so the link
 * works without signing in and cannot be forged for someone else; they do not expire (RFC 8058 links must keep
 * working for letters still in an inbox). Confirmation tokens are random, single-use, and stored only as SHA-256.
 */
public final class SignedLinks {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a valid unsubscribe token says. */
    public record Unsubscribe(String userId, String kind) {
    }

    private final byte[] key;

    public SignedLinks(String secret) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("openly.email.link-secret must be at least 32 characters");
        }
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String unsubscribeToken(String userId, String kind) {
        String body = B64.encodeToString(userId.getBytes(StandardCharsets.UTF_8)) + "." + kind;
        return body + "." + B64.encodeToString(mac("unsubscribe|" + body));
    }

    /** The person and kind of a token this service signed; empty for anything else (forged, altered, garbage). */
    public Optional<Unsubscribe> verifyUnsubscribe(String token) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        int last = token.lastIndexOf('.');
        int first = token.indexOf('.');
        if (first <= 0 || last <= first) {
            return Optional.empty();
        }
        String body = token.substring(0, last);
        byte[] given;
        try {
            given = B64D.decode(token.substring(last + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(given, mac("unsubscribe|" + body))) {
            return Optional.empty();
        }
        return Optional.of(new Unsubscribe(new String(B64D.decode(body.substring(0, first)), StandardCharsets.UTF_8),
                body.substring(first + 1)));
    }

    /** A fresh confirmation token: 256 random bits. */
    public static String newConfirmationToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    /** What is stored of a confirmation token. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
