package app.openly.journal.domain.crypto;

import app.openly.journal.config.CryptoConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/**
 * Envelope encryption of entry text: AES-256-GCM under a per-person data key, which is itself stored
 * wrapped (AES-GCM) by the master key. Ciphertexts are bound to their owner and entry through the
 * associated data, so a row copied onto another person or entry does not decrypt.
 */
@ApplicationScoped
public class EntryCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte VERSION = 1;

    private final SecureRandom random = new SecureRandom();
    private SecretKey masterKey;

    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    /**
     * CPU time of AES-GCM alone (sealing, opening, unwrapping data keys), without the key's database
     * lookup, so a benchmark can tell crypto cost from database cost.
     */
    private Timer cipherTimer;

    @Inject
    void init(CryptoConfig config, MeterRegistry registry) {
        cipherTimer = registry.timer("openly.journal.crypto.cipher");
        byte[] key;
        try {
            key = Base64.getDecoder().decode(config.masterKey().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("openly.crypto.master-key is not base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException("openly.crypto.master-key must be 32 bytes (base64 of 32 random bytes)");
        }
        masterKey = new SecretKeySpec(key, "AES");
    }

    /** Encrypts {@code plaintext} for {@code userId}, creating the person's data key on first use. */
    @Transactional(Transactional.TxType.MANDATORY)
    public byte[] encrypt(String userId, String context, byte[] plaintext) {
        SecretKey key = dataKey(userId, true);
        return cipherTimer.record(() -> seal(key, plaintext, aad(userId, context)));
    }

    /** Decrypts what {@link #encrypt} produced for the same person and context. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public byte[] decrypt(String userId, String context, byte[] ciphertext) {
        SecretKey key = dataKey(userId, false);
        if (key == null) {
            throw new IllegalStateException("no data key for this person");
        }
        return cipherTimer.record(() -> open(key, ciphertext, aad(userId, context)));
    }

    /** Crypto-shredding: without the data key no ciphertext of the person can be read again, backups included. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void destroyKey(String userId) {
        em.createNativeQuery("delete from person_key where user_id = :u").setParameter("u", userId).executeUpdate();
    }

    private SecretKey dataKey(String userId, boolean create) {
        @SuppressWarnings("unchecked")
        List<byte[]> rows = em.createNativeQuery("select wrapped_key from person_key where user_id = :u")
                .setParameter("u", userId).getResultList();
        if (!rows.isEmpty()) {
            return new SecretKeySpec(cipherTimer.record(() -> open(masterKey, rows.get(0), aad(userId, "data-key"))), "AES");
        }
        if (!create) {
            return null;
        }
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        // A concurrent first write for the same person may race: keep whichever key won.
        int inserted = em.createNativeQuery("insert into person_key (user_id, wrapped_key, created_at) values (:u, :k, :t) on conflict do nothing")
                .setParameter("u", userId)
                .setParameter("k", cipherTimer.record(() -> seal(masterKey, fresh, aad(userId, "data-key"))))
                .setParameter("t", clock.instant())
                .executeUpdate();
        return inserted == 1 ? new SecretKeySpec(fresh, "AES") : dataKey(userId, false);
    }

    private static byte[] aad(String userId, String context) {
        return (userId + "\u0000" + context).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] seal(SecretKey key, byte[] plaintext, byte[] aad) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    private static byte[] open(SecretKey key, byte[] sealed, byte[] aad) {
        try {
            if (sealed.length < 1 + NONCE_BYTES || sealed[0] != VERSION) {
                throw new IllegalStateException("unknown ciphertext format");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }
}
