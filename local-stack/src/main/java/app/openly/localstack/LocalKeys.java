package app.openly.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Local secrets, generated on first use into {@code .openly/keys} (never committed): the JWT signing key
 * pair and the master key that wraps each person's data key in journal-service.
 */
final class LocalKeys {

    static final String PRIVATE_KEY = "jwt-private.pem";
    static final String PUBLIC_KEY = "jwt-public.pem";
    static final String MASTER_KEY = "master.key";
    /** VAPID key pair of reminder-service's Web Push (RFC 8292): base64url uncompressed P-256 point / 32-byte scalar. */
    static final String VAPID_PUBLIC_KEY = "vapid-public.txt";
    static final String VAPID_PRIVATE_KEY = "vapid-private.txt";

    private LocalKeys() {
    }

    /** Makes sure all keys exist and returns the JWT signing key. */
    static RSAPrivateKey ensure(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        if (!Files.exists(dir.resolve(PUBLIC_KEY))) {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair pair = gen.generateKeyPair();
            writeSecret(dir, PRIVATE_KEY, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            write(dir, PUBLIC_KEY, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        }
        if (!Files.exists(dir.resolve(MASTER_KEY))) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            writeSecret(dir, MASTER_KEY, Base64.getEncoder().encodeToString(key) + "\n");
        }
        if (!Files.exists(dir.resolve(VAPID_PUBLIC_KEY))) {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            KeyPair pair = gen.generateKeyPair();
            var pub = (java.security.interfaces.ECPublicKey) pair.getPublic();
            byte[] point = new byte[65];
            point[0] = 4;
            fixed32(pub.getW().getAffineX(), point, 1);
            fixed32(pub.getW().getAffineY(), point, 33);
            byte[] scalar = new byte[32];
            fixed32(((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS(), scalar, 0);
            var b64 = Base64.getUrlEncoder().withoutPadding();
            writeSecret(dir, VAPID_PRIVATE_KEY, b64.encodeToString(scalar) + "\n");
            write(dir, VAPID_PUBLIC_KEY, b64.encodeToString(point) + "\n");
        }
        String pem = Files.readString(dir.resolve(PRIVATE_KEY));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        return (RSAPrivateKey) key;
    }

    private static void writeSecret(Path dir, String name, String content) throws IOException {
        Path tmp = Files.createTempFile(dir, name, ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void write(Path dir, String name, String content) throws IOException {
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void fixed32(java.math.BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, offset + 32 - n, n);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
