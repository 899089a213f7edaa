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

    /** Encrypts {@code plaintext} for {@code userId}, creating the person's data key on first use. */
    @Transactional(Transactional.TxType.MANDATORY)
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
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select user_id, wrapped_key, master_key_id from person_key
                        where master_key_id is null or master_key_id <> :current
                        limit :n for update skip locked""")
                .setParameter("current", masterKeys.currentId()).setParameter("n", limit).getResultList();
        for (Object[] row : rows) {
            String userId = (String) row[0];
            byte[] dataKey = masterKeys.unwrap(userId, new MasterKeys.Wrapped((byte[]) row[1], (String) row[2]));
            MasterKeys.Wrapped rewrapped = masterKeys.wrap(userId, dataKey);
            em.createNativeQuery("update person_key set wrapped_key = :k, master_key_id = :id where user_id = :u")
                    .setParameter("k", rewrapped.bytes()).setParameter("id", rewrapped.masterKeyId()).setParameter("u", userId)
                    .executeUpdate();
        }
        return rows.size();
    }

    /** Whether any data key (locked by another replica's batch or not) is still wrapped by another master key. */
    @Transactional
    public boolean anyWrappedByAnotherMasterKey() {
        return !em.createNativeQuery("select 1 from person_key where master_key_id is distinct from :current limit 1")
                .setParameter("current", masterKeys.currentId()).getResultList().isEmpty();
    }

    private SecretKey dataKey(String userId, boolean create) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select wrapped_key, master_key_id from person_key where user_id = :u")
                .setParameter("u", userId).getResultList();
        if (!rows.isEmpty()) {
            var wrapped = new MasterKeys.Wrapped((byte[]) rows.get(0)[0], (String) rows.get(0)[1]);
            return new SecretKeySpec(cipherTimer.record(() -> masterKeys.unwrap(userId, wrapped)), "AES");
        }
        if (!create) {
            return null;
        }
        byte[] fresh = Aead.randomKeyBytes();
        MasterKeys.Wrapped wrapped = cipherTimer.record(() -> masterKeys.wrap(userId, fresh));
        // A concurrent first write for the same person may race: keep whichever key won.
        int inserted = em.createNativeQuery("""
                        insert into person_key (user_id, wrapped_key, master_key_id, created_at) values (:u, :k, :id, :t)
                        on conflict do nothing""")
                .setParameter("u", userId).setParameter("k", wrapped.bytes()).setParameter("id", wrapped.masterKeyId())
                .setParameter("t", clock.instant())
                .executeUpdate();
        return inserted == 1 ? new SecretKeySpec(fresh, "AES") : dataKey(userId, false);
    }
}
