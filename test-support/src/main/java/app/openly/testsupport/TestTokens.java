package app.openly.testsupport;

import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Signed JWTs for tests. The RSA key pair is generated on first use into {@code target/test-jwt}
 * (never committed) so that the test resource and the tests, which may live in different class
 * loaders, agree on it.
 */
public final class TestTokens {

    public static final String ISSUER = "https://openly.local/issuer";
    private static final Path DIR = Path.of(System.getProperty("openly.test.jwt.dir", "target/test-jwt"));
    private static PrivateKey privateKey;

    private TestTokens() {
    }

    /** The audience the services accept ({@code mp.jwt.verify.audiences}). */
    public static final String AUDIENCE = "openly-api";

    /** A token for person {@code sub}, optionally in an organization and with groups (e.g. {@code org-admin}). */
    public static String forUser(String sub, String org, String... groups) {
        var builder = Jwt.issuer(ISSUER).audience(AUDIENCE).subject(sub).upn(sub).groups(Set.of(groups))
                .expiresIn(Duration.ofHours(1));
        if (org != null) {
            builder.claim("org", org);
        }
        return builder.jws().keyId("test").sign(privateKey());
    }

    /** A correctly signed token from the right issuer, minted for another application. */
    public static String forAnotherAudience(String sub) {
        return Jwt.issuer(ISSUER).audience("some-other-app").subject(sub).upn(sub).expiresIn(Duration.ofHours(1))
                .jws().keyId("test").sign(privateKey());
    }

    /** A correctly signed token for this API that expired an hour ago. */
    public static String expired(String sub) {
        long now = java.time.Instant.now().getEpochSecond();
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(sub).upn(sub).issuedAt(now - 7200).expiresAt(now - 3600)
                .jws().keyId("test").sign(privateKey());
    }

    public static String forUser(String sub) {
        return forUser(sub, null);
    }

    /** A token signed with the test key whose claims {@code claims} sets freely (forged issuers, odd subjects). */
    public static String signedWith(java.util.function.Consumer<io.smallrye.jwt.build.JwtClaimsBuilder> claims) {
        io.smallrye.jwt.build.JwtClaimsBuilder builder = Jwt.claims().expiresIn(Duration.ofHours(1));
        claims.accept(builder);
        return builder.jws().keyId("test").sign(privateKey());
    }

    /** The PEM text of the public key the services verify with (an attacker knows it: HS256 "signed" with it must fail). */
    public static String publicKeyPem() {
        try {
            return Files.readString(publicKeyFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String bearer(String sub) {
        return "Bearer " + forUser(sub);
    }

    /** The PEM public key that verifies every token of this class (what a service under test is configured with). */
    public static synchronized Path publicKeyFile() {
        ensureKeys();
        return DIR.resolve("publicKey.pem");
    }

    private static synchronized PrivateKey privateKey() {
        if (privateKey == null) {
            ensureKeys();
            try {
                String pem = Files.readString(DIR.resolve("privateKey.pem"));
                byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
                privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read test signing key", e);
            }
        }
        return privateKey;
    }

    private static void ensureKeys() {
        Path pub = DIR.resolve("publicKey.pem");
        if (Files.exists(pub)) {
            return;
        }
        try {
            Files.createDirectories(DIR);
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair pair = gen.generateKeyPair();
            Path tmpPriv = Files.createTempFile(DIR, "priv", ".tmp");
            Path tmpPub = Files.createTempFile(DIR, "pub", ".tmp");
            Files.writeString(tmpPriv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(tmpPub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            // Private key first: whoever sees the public key can also read the private one.
            Files.move(tmpPriv, DIR.resolve("privateKey.pem"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmpPub, pub, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot create test signing key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
