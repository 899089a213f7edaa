package app.openly.journal.domain;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.Topics;
import app.openly.events.UserErased;
import app.openly.journal.domain.crypto.EntryCipher;
import app.openly.journal.domain.ritual.Pairing;
import app.openly.journal.domain.ritual.RitualShares;
import app.openly.platform.outbox.Outbox;
import app.openly.platform.persistence.TimeOrderedIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * The entry lifecycle's writes (record, revise, delete, and erasure of everything): every write stores the entry and
 * its event in one transaction (outbox), under a per-person lock so a person's events keep commit order, after
 * spending one write of the person's {@link WriteBudget}. Text is sealed by {@link EntryCodec} before it reaches the database. Retries with an
 * Idempotency-Key are {@link IdempotencyKeys}'; reading is {@link EntryReads}, today's prompt {@link DailyPrompts}.
 */
@ApplicationScoped
public class JournalService {

    @Inject
    Outbox outbox;
    @Inject
    EntryCipher cipher;
    @Inject
    Clock clock;
    @Inject
    EntryCodec codec;
    @Inject
    WriteBudget writeBudget;
    @Inject
    IdempotencyKeys idempotencyKeys;
    @Inject
    RitualShares ritualShares;
    @Inject
    Pairing pairing;
    /** A new entry's statements (lock, rows, event) as plain JDBC (see there why); revise and delete change a loaded entity. */
    @Inject
    EntryWriteStore entryStore;

    @Transactional
    public DecryptedEntry record(String userId, String orgId, EntryDraft draft, String idempotencyKey, byte[] requestHash) {
        // The lock(s), then what this write decides on (the key's earlier use, the budget), read after the lock is held:
        // for an unshared entry lock and reads go in one round trip (EntryWriteStore.lockAndRead); a shared one locks
        // both partners first (RitualShares.lockForWrite), then reads.
        EntryWriteStore.Reads reads;
        if (draft.shareWithPartner()) {
            ritualShares.lockForWrite(userId, true);
            reads = entryStore.read(userId, idempotencyKey);
        } else {
            reads = entryStore.lockAndRead(userId, idempotencyKey);
        }
        Optional<JournalEntry> replayed = idempotencyKeys.replay(requestHash, reads.idempotencyKey());
        if (replayed.isPresent()) {
            return codec.open(replayed.get()); // a retry of a write already made spends nothing
        }
        Instant now = clock.instant();
        EntryWriteStore.StoredBudget budgetAfter = writeBudget.take(reads.budget(), now); // stored with the entry, below
        JournalEntry entry = new JournalEntry();
        entry.id = TimeOrderedIds.at(now);
        entry.userId = userId;
        entry.version = 1;
        entry.createdAt = now;
        codec.seal(entry, draft, now);
        ritualShares.place(entry, draft.shareWithPartner());
        // Budget, entry, Idempotency-Key and event: one round trip, in that order (EntryWriteStore.writeNewEntry).
        entryStore.writeNewEntry(entry, budgetAfter, idempotencyKey, requestHash, Topics.JOURNAL_ENTRY_EVENTS,
                EventEnvelope.of(TimeOrderedIds.at(now), now, userId, orgId, new EntryRecorded(EntryCodec.facts(entry, draft))));
        ritualShares.announce(entry, now);
        return new DecryptedEntry(entry, draft.content(), draft.metrics());
    }

    @Transactional
    public DecryptedEntry revise(String userId, String orgId, UUID id, long expectedVersion, EntryDraft draft) {
        ritualShares.lockForWrite(userId, draft.shareWithPartner());
        writeBudget.spend(userId, clock.instant());
        JournalEntry entry = owned(userId, id);
        if (entry.version != expectedVersion) {
            throw new JournalException.StaleVersion(JournalException.Attempt.EDIT);
        }
        LocalDate previousDate = entry.localDate;
        Instant now = clock.instant();
        entry.version++;
        codec.seal(entry, draft, now);
        ritualShares.place(entry, draft.shareWithPartner());
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(TimeOrderedIds.at(now), now, userId, orgId,
                new EntryRevised(EntryCodec.facts(entry, draft), previousDate)));
        ritualShares.announce(entry, now);
        return new DecryptedEntry(entry, draft.content(), draft.metrics());
    }

    @Transactional
    public void delete(String userId, String orgId, UUID id, Long expectedVersion) {
        outbox.lockPerson(userId);
        Instant now = clock.instant();
        writeBudget.spend(userId, now);
        JournalEntry entry = owned(userId, id);
        if (expectedVersion != null && entry.version != expectedVersion) {
            throw new JournalException.StaleVersion(JournalException.Attempt.DELETE);
        }
        entry.delete();
        idempotencyKeys.forgetEntry(userId, id);
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(TimeOrderedIds.at(now), now, userId, orgId,
                new EntryDeleted(entry.id, entry.version + 1, entry.practice, entry.localDate, entry.timeZone)));
    }

    /** The platform's catalogue of personal-data tables, shared by erasure and export. */
    @Inject
    app.openly.platform.privacy.PersonalData personalData;

    /**
     * Erasure (GDPR Art. 17): the person's rows and data key go, unpublished events are dropped and
     * {@code UserErased} tells the other services to erase too. Ciphertext in backups stays unreadable
     * because the key is gone.
     */
    @Transactional
    public long erase(String userId, String orgId) {
        pairing.lockWithPartner(userId); // partner first when their id sorts first: no deadlock with their writes
        outbox.lockPerson(userId);
        // First, while the person's side of the partnership still exists: end it (the partner is told only
        // that it ended) and delete the person's ritual rows.
        pairing.eraseRitualDataOf(userId);
        // Every table keyed by the person (entries, data key, idempotency keys, write budget, and any added
        // later) and their unpublished events: the same catalogue the export reads.
        long entries = personalData.erase(userId).getOrDefault("journal_entry", 0);
        cipher.destroyKey(userId); // already gone with the catalogue; said here because it is what makes backups unreadable
        Instant now = clock.instant();
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(TimeOrderedIds.at(now), now, userId, orgId, new UserErased()));
        return entries;
    }

    private JournalEntry owned(String userId, UUID id) {
        return EntryReads.owned(userId, id);
    }
}
