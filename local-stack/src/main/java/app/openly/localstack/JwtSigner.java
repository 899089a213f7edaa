package app.openly.localstack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** RS256 JWTs for local use, with the same claims the services read in production (sub, org, groups). */
final class JwtSigner {

    static final String ISSUER = "https://openly.local/issuer";
    static final Duration LIFETIME = Duration.ofHours(24);

    private JwtSigner() {
    }

    static String sign(RSAPrivateKey key, String user, String org, String role, Clock clock) throws GeneralSecurityException {
        if (!user.matches("[A-Za-z0-9._@-]{1,128}")) {
            throw new LocalStackException("--user may use letters, digits and . _ @ - (at most 128)");
        }
        if (org != null && !org.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new LocalStackException("--org may use letters, digits and . _ - (at most 128)");
        }
        if (role != null && !role.equals("org-admin")) {
            throw new LocalStackException("--role can only be org-admin");
        }
        long now = clock.instant().getEpochSecond();
        StringBuilder claims = new StringBuilder()
                .append("{\"iss\":\"").append(ISSUER).append('"')
                .append(",\"aud\":\"openly-api\"")
                .append(",\"sub\":\"").append(user).append('"')
                .append(",\"upn\":\"").append(user).append('"')
                .append(",\"iat\":").append(now)
                .append(",\"exp\":").append(now + LIFETIME.toSeconds())
                .append(",\"jti\":\"").append(UUID.randomUUID()).append('"')
                .append(",\"groups\":[").append(role == null ? "" : "\"" + role + "\"").append(']');
        if (org != null) {
            claims.append(",\"org\":\"").append(org).append('"');
        }
        claims.append('}');
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"openly-local\"}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64(rsa.sign());
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
