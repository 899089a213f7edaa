package app.openly.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a value into a cookie with AES-256-GCM: the browser holds the session but can neither read the
 * token in it nor forge or alter one. Stateless, so any replica with the same key serves any session.
 * The cookie's name is authenticated too, so a value sealed for one cookie is refused in another.
 */
public final class SessionSeal {

    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;
    private final Clock clock;

    public SessionSeal(byte[] key, Clock clock) {
        if (key.length != 32) {
            throw new IllegalArgumentException("openly.web.session.key must be 32 bytes (base64)");
        }
        this.key = new SecretKeySpec(key, "AES");
        this.clock = clock;
    }

    public static byte[] randomKey() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    public static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public String seal(String cookieName, JsonObject value) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(cookieName.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = c.doFinal(value.encode().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value, or empty when the cookie is missing, forged, altered, sealed with another key or expired ({@code exp}). */
    public Optional<JsonObject> open(String cookieName, String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 8192) {
            return Optional.empty();
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(cookieValue);
            if (all.length <= IV_BYTES + 16) {
                return Optional.empty();
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
            c.updateAAD(cookieName.getBytes(StandardCharsets.US_ASCII));
            JsonObject value = new JsonObject(new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8));
            Long exp = value.getLong("exp");
            if (exp == null || !Instant.ofEpochSecond(exp).isAfter(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (GeneralSecurityException | IllegalArgumentException | io.vertx.core.json.DecodeException e) {
            return Optional.empty();
        }
    }

    public String sealSession(String cookieName, SessionData s) {
        return seal(cookieName, new JsonObject().put("t", s.accessToken()).put("u", s.userId()).put("o", s.org())
                .put("r", new JsonArray(s.roles())).put("c", s.csrfToken()).put("exp", s.expiresAt().getEpochSecond()));
    }

    public Optional<SessionData> openSession(String cookieName, String cookieValue) {
        return open(cookieName, cookieValue).map(v -> new SessionData(v.getString("t"), v.getString("u"), v.getString("o"),
                v.getJsonArray("r", new JsonArray()).stream().map(String::valueOf).toList(), v.getString("c"),
                Instant.ofEpochSecond(v.getLong("exp"))));
    }
}
