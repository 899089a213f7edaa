package app.openly.journal.domain.crypto;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The master key that wraps every person's data key, plus the keys it replaced. New data keys are
 * wrapped with the current key; a data key wrapped with a previous one still opens, and is re-wrapped
 * with the current one (see MasterKeyRotation), so a master key can be rotated without reading or
 * re-encrypting any entry. Plain Java.
 */
public final class MasterKeys {

    /** A data key as stored: its wrapping and the id of the master key that made it. */
    public record Wrapped(byte[] bytes, String masterKeyId) {
    }

    private final String currentId;
    /** By id; the current key first. */
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    /**
     * @param current  base64 of 32 random bytes
     * @param previous master keys this one replaced (base64), while data keys wrapped with them remain
     */
    public MasterKeys(String current, List<String> previous) {
        SecretKey key = decode("openly.crypto.master-key", current);
        currentId = id(key);
        keys.put(currentId, key);
        for (String old : previous) {
            if (old != null && !old.isBlank()) {
                SecretKey k = decode("openly.crypto.previous-master-keys", old);
                keys.putIfAbsent(id(k), k);
            }
        }
    }

    public String currentId() {
        return currentId;
    }

    /** Wraps a fresh or re-wrapped data key with the current master key, bound to its owner. */
    public Wrapped wrap(String userId, byte[] dataKey) {
        return new Wrapped(Aead.seal(keys.get(currentId), dataKey, Aead.aad(userId, "data-key")), currentId);
    }

    /**
     * Opens a wrapped data key with the master key that made it; a key stored before ids were recorded
     * ({@code masterKeyId} null) is tried with every known master key, the current first.
     *
     * @throws IllegalStateException if no known master key opens it (a master key was dropped too early)
     */
    public byte[] unwrap(String userId, Wrapped wrapped) {
        List<SecretKey> candidates = new ArrayList<>();
        if (wrapped.masterKeyId() != null) {
            SecretKey k = keys.get(wrapped.masterKeyId());
            if (k == null) {
                throw new IllegalStateException("data key wrapped by master key " + wrapped.masterKeyId()
                        + ", which is neither the current nor a previous master key");
            }
            candidates.add(k);
        } else {
            candidates.addAll(keys.values());
        }
        for (SecretKey k : candidates) {
            try {
                return Aead.open(k, wrapped.bytes(), Aead.aad(userId, "data-key"));
            } catch (IllegalStateException wrongKey) {
                // try the next one
            }
        }
        throw new IllegalStateException("no known master key opens this data key");
    }

    /**
     * A non-secret name of a master key (the start of a SHA-256 over a fixed label and the key), so rows
     * can say which key wrapped them without revealing anything about it.
     */
    static String id(SecretKey key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("openly master key id\u0000".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(key.getEncoded()), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SecretKey decode(String setting, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " is not base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(setting + " must be 32 bytes (base64 of 32 random bytes)");
        }
        return new SecretKeySpec(key, "AES");
    }
}
