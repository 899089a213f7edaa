package app.openly.journal.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency-Key of POST /entries: a retry with the same key and body names the entry made the first
 * time; the same key with another body is refused. Used under the person's lock. The key is looked up with the lock
 * ({@link EntryWriteStore#lockAndRead}) and stored with its entry ({@link EntryWriteStore#writeNewEntry}), both plain
 * JDBC on the write's connection; deleting stays with the entity.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /**
     * The entry an earlier request with this key and body recorded (a retry, which spends nothing), or empty when there
     * was none or no key was sent.
     *
     * @param stored the key as stored, read under the person's lock ({@link EntryWriteStore#lockAndRead}); empty when
     *               the request sent no key
     * @throws JournalException.IdempotencyKeyReused when the key was sent with another body
     * @throws JournalException.IdempotentEntryDeleted when that entry has been deleted since
     */
    public Optional<JournalEntry> replay(byte[] requestHash, Optional<EntryWriteStore.StoredKey> stored) {
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (!Arrays.equals(stored.get().requestHash(), requestHash)) {
            throw new JournalException.IdempotencyKeyReused();
        }
        return Optional.of(Optional.ofNullable(JournalEntry.<JournalEntry>findById(stored.get().entryId()))
                .orElseThrow(JournalException.IdempotentEntryDeleted::new));
    }

    /** A deleted entry's keys go with it (a retry with one of them then records the entry anew). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetEntry(String userId, UUID entryId) {
        IdempotencyKey.delete("userId = ?1 and entryId = ?2", userId, entryId);
    }
}
