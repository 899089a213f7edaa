package app.openly.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Local sign-in: RS256 tokens with the key ./openly keeps under .openly/keys, and the same claims
 * `./openly token` puts in (iss, aud openly-api, sub, upn, org, groups), so the services verify them
 * with the public key they already have. Only in {@code openly.web.auth.mode=local}.
 */
public final class LocalTokenIssuer {

    private final PrivateKey key;
    private final String issuer;
    private final Clock clock;

    public LocalTokenIssuer(PrivateKey key, String issuer, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.clock = clock;
    }

    public static PrivateKey readPem(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    public record Issued(String token, Instant expiresAt) {
    }

    public Issued issue(String user, String org, List<String> groups, Duration lifetime) {
        Instant now = clock.instant();
        Instant exp = now.plus(lifetime);
        JsonObject claims = new JsonObject().put("iss", issuer).put("aud", "openly-api").put("sub", user).put("upn", user)
                .put("iat", now.getEpochSecond()).put("exp", exp.getEpochSecond()).put("jti", UUID.randomUUID().toString())
                .put("groups", new JsonArray(groups));
        if (org != null) {
            claims.put("org", org);
        }
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"openly-local\"}";
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return new Issued(input + "." + b64(rsa.sign()), exp);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
