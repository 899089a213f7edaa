package app.openly.platform.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;

/**
 * The token verifier Quarkus' bearer authentication uses ({@code MpJwtValidator} injects a {@link JWTParser}), with
 * {@link VerifiedTokens} in front: a token is verified in full (signature, issuer, audience, exp) by smallrye-jwt the
 * first time, and its exact text is then trusted until its exp. Only {@link #parse(String)}, the call authentication
 * makes with the configured key, is cached; every other call goes straight to smallrye-jwt.
 * <p>
 * Cost of the shortcut: a token stays accepted until its exp even if the verification key is rotated in the meantime
 * (the key is read from a file at start anyway, so rotating it means a restart, which empties the cache).
 * <p>
 * The token it hands out reads each claim from smallrye-jwt once ({@link ClaimsReadOnce}).
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class CachingJwtParser implements JWTParser {

    @Inject
    DefaultJWTParser verifier;
    @Inject
    Clock clock;

    private final VerifiedTokens<JsonWebToken> verified;

    @Inject
    CachingJwtParser(@ConfigProperty(name = "openly.security.verified-token-cache-size", defaultValue = "4096") int cacheSize) {
        verified = new VerifiedTokens<>(cacheSize);
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        Instant now = clock.instant();
        JsonWebToken known = verified.find(token, now);
        if (known != null) {
            return known;
        }
        JsonWebToken fresh = new ClaimsReadOnce(verifier.parse(token));
        // exp is required by the verifier (mp.jwt), so a token it accepted has one.
        verified.remember(token, fresh, Instant.ofEpochSecond(fresh.getExpirationTime()), now);
        return fresh;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
