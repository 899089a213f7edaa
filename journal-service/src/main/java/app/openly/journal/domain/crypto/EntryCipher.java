package app.openly.journal.domain.crypto;

import app.openly.journal.config.CryptoConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.time.Clock;
import java.util.List;

/**
 * Envelope encryption of entry text: AES-256-GCM under a per-person data key, which is itself stored
 * wrapped (AES-GCM) by the master key. Ciphertexts are bound to their owner and entry through the
 * associated data, so a row copied onto another person or entry does not decrypt.
 */
@ApplicationScoped
public class EntryCipher {

    private MasterKeys masterKeys;

    @Inject
    EntityManager em;
    @Inject
    PersonKeyStore keys;
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
        masterKeys = new MasterKeys(config.masterKey(), config.previousMasterKeys().orElse(List.of()));
    }

    /**
     * Encrypts {@code plaintext} for {@code userId}, creating the person's data key on first use. Call inside the write's
     * transaction: creating the key ({@link PersonKeyStore#insertIfAbsent}) requires it. Not annotated MANDATORY itself:
     * that interceptor ran on every POST /entries for a check the key store already makes where it matters (issue 17).
     */
    public byte[] encrypt(String userId, String context, byte[] plaintext) {
        SecretKey key = dataKey(userId, true);
        return cipherTimer.record(() -> Aead.seal(key, plaintext, Aead.aad(userId, context)));
    }

    /** Decrypts what {@link #encrypt} produced for the same person and context. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public byte[] decrypt(String userId, String context, byte[] ciphertext) {
        SecretKey key = dataKey(userId, false);
        if (key == null) {
            throw new IllegalStateException("no data key for this person");
        }
        return cipherTimer.record(() -> Aead.open(key, ciphertext, Aead.aad(userId, context)));
    }

    /** The non-secret id of the current master key (also stored with each data key it wraps). */
    public String currentMasterKeyId() {
        return masterKeys.currentId();
    }

    /** Crypto-shredding: without the data key no ciphertext of the person can be read again, backups included. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void destroyKey(String userId) {
        em.createNativeQuery("delete from person_key where user_id = :u").setParameter("u", userId).executeUpdate();
    }

    /**
     * Re-wraps up to {@code limit} data keys still wrapped by a previous master key (or stored before
     * key ids were recorded) with the current one; rows another replica is re-wrapping are skipped.
     *
     * @return how many were re-wrapped
     */
    @Transactional
    public int rewrapWithCurrentMasterKey(int limit) {
        List<PersonKeyStore.StoredKey> claimed = keys.claimWrappedByAnotherMasterKey(masterKeys.currentId(), limit);
        for (PersonKeyStore.StoredKey stored : claimed) {
            byte[] dataKey = masterKeys.unwrap(stored.userId(), stored.wrapped());
            keys.replace(stored.userId(), masterKeys.wrap(stored.userId(), dataKey));
        }
        return claimed.size();
    }

    /** Whether any data key (locked by another replica's batch or not) is still wrapped by another master key. */
    @Transactional
    public boolean anyWrappedByAnotherMasterKey() {
        return keys.anyWrappedByAnotherMasterKey(masterKeys.currentId());
    }

    private SecretKey dataKey(String userId, boolean create) {
        var stored = keys.find(userId);
        if (stored.isPresent()) {
            return new SecretKeySpec(cipherTimer.record(() -> masterKeys.unwrap(userId, stored.get())), "AES");
        }
        if (!create) {
            return null;
        }
        byte[] fresh = Aead.randomKeyBytes();
        MasterKeys.Wrapped wrapped = cipherTimer.record(() -> masterKeys.wrap(userId, fresh));
        // A concurrent first write for the same person may race: keep whichever key won.
        return keys.insertIfAbsent(userId, wrapped, clock.instant()) ? new SecretKeySpec(fresh, "AES") : dataKey(userId, false);
    }
}
