package app.openly.journal.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency-Key of POST /entries: a retry with the same key and body names the entry made the first
 * time; the same key with another body is refused. Used under the person's lock.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /**
     * Lookup as plain JDBC on the write's connection (EntryWriteStore says why); a new key is stored with its entry
     * ({@link EntryWriteStore#writeNewEntry}); deleting stays with the entity.
     */
    @Inject
    EntryWriteStore store;

    /**
     * The entry an earlier request with this key and body recorded (a retry, which spends nothing), or empty when there
     * was none or no key was sent.
     *
     * @throws JournalException.IdempotencyKeyReused when the key was sent with another body
     * @throws JournalException.IdempotentEntryDeleted when that entry has been deleted since
     */
    // No @Transactional(MANDATORY) on replay: EntryWriteStore refuses its statements outside a transaction
    // (one check, not one interceptor per call on POST /entries; issue 17).
    public Optional<JournalEntry> replay(String userId, String key, byte[] requestHash) {
        if (key == null) {
            return Optional.empty();
        }
        return earlierEntry(userId, key, requestHash).map(id -> Optional.ofNullable(JournalEntry.<JournalEntry>findById(id))
                .orElseThrow(JournalException.IdempotentEntryDeleted::new));
    }

    /**
     * The entry an earlier request with this key recorded, if any.
     *
     * @throws JournalException.IdempotencyKeyReused when the key was sent with another body
     */
    private Optional<UUID> earlierEntry(String userId, String key, byte[] requestHash) {
        Optional<EntryWriteStore.StoredKey> earlier = store.findIdempotencyKey(userId, key);
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        if (!Arrays.equals(earlier.get().requestHash(), requestHash)) {
            throw new JournalException.IdempotencyKeyReused();
        }
        return Optional.of(earlier.get().entryId());
    }

    /** A deleted entry's keys go with it (a retry with one of them then records the entry anew). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetEntry(String userId, UUID entryId) {
        IdempotencyKey.delete("userId = ?1 and entryId = ?2", userId, entryId);
    }
}
