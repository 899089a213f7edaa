package app.openly.journal.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
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
     * The entry an earlier request with this key recorded, if any.
     *
     * @throws JournalException.IdempotencyKeyReused when the key was sent with another body
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> earlierEntry(String userId, String key, byte[] requestHash) {
        IdempotencyKey earlier = IdempotencyKey.findById(new IdempotencyKey.Key(userId, key));
        if (earlier == null) {
            return Optional.empty();
        }
        if (!Arrays.equals(earlier.requestHash, requestHash)) {
            throw new JournalException.IdempotencyKeyReused();
        }
        return Optional.of(earlier.entryId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void remember(String userId, String key, byte[] requestHash, UUID entryId, Instant at) {
        IdempotencyKey row = new IdempotencyKey();
        row.userId = userId;
        row.key = key;
        row.requestHash = requestHash;
        row.entryId = entryId;
        row.createdAt = at;
        row.persist();
    }

    /** A deleted entry's keys go with it (a retry with one of them then records the entry anew). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetEntry(String userId, UUID entryId) {
        IdempotencyKey.delete("userId = ?1 and entryId = ?2", userId, entryId);
    }
}
