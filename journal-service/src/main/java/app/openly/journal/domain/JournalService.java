package app.openly.journal.domain;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.events.UserErased;
import app.openly.journal.domain.crypto.EntryCipher;
import app.openly.journal.domain.logic.EntryCursor;
import app.openly.journal.domain.ritual.Pairing;
import app.openly.journal.domain.ritual.RitualShares;
import app.openly.platform.i18n.LanguageStore;
import app.openly.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The entry lifecycle: every write stores the entry and its event in one transaction (outbox), under a
 * per-person lock so a person's events keep commit order, after spending one write of the person's
 * {@link WriteBudget}. Text is sealed by {@link EntryCodec} before it reaches the database.
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
    EntityManager em;
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
    @Inject
    LanguageStore languages;

    public record Page(List<DecryptedEntry> items, String nextCursor) {
    }

    @Transactional
    public DecryptedEntry record(String userId, String orgId, EntryDraft draft, String idempotencyKey, byte[] requestHash) {
        ritualShares.lockForWrite(userId, draft.shareWithPartner());
        if (idempotencyKey != null) {
            Optional<UUID> earlier = idempotencyKeys.earlierEntry(userId, idempotencyKey, requestHash);
            if (earlier.isPresent()) {
                // A retry of a write already made spends nothing.
                JournalEntry entry = JournalEntry.findById(earlier.get());
                if (entry == null) {
                    throw new JournalException.IdempotentEntryDeleted();
                }
                return codec.open(entry);
            }
        }
        Instant now = clock.instant();
        writeBudget.spend(userId, now);
        JournalEntry entry = new JournalEntry();
        entry.id = UUID.randomUUID();
        entry.userId = userId;
        entry.version = 1;
        entry.createdAt = now;
        codec.seal(entry, draft, now);
        ritualShares.place(entry, draft.shareWithPartner());
        entry.persist();
        if (idempotencyKey != null) {
            idempotencyKeys.remember(userId, idempotencyKey, requestHash, entry.id, now);
        }
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(UUID.randomUUID(), now, userId, orgId, new EntryRecorded(EntryCodec.facts(entry))));
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
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(UUID.randomUUID(), now, userId, orgId,
                new EntryRevised(EntryCodec.facts(entry), previousDate)));
        ritualShares.announce(entry, now);
        return new DecryptedEntry(entry, draft.content(), draft.metrics());
    }

    @Transactional
    public void delete(String userId, String orgId, UUID id, Long expectedVersion) {
        outbox.lockPerson(userId);
        writeBudget.spend(userId, clock.instant());
        JournalEntry entry = owned(userId, id);
        if (expectedVersion != null && entry.version != expectedVersion) {
            throw new JournalException.StaleVersion(JournalException.Attempt.DELETE);
        }
        entry.delete();
        idempotencyKeys.forgetEntry(userId, id);
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(UUID.randomUUID(), clock.instant(), userId, orgId,
                new EntryDeleted(entry.id, entry.version + 1, entry.practice, entry.localDate, entry.timeZone)));
    }

    @Transactional
    public DecryptedEntry find(String userId, UUID id) {
        return codec.open(owned(userId, id));
    }

    /** Newest first; the cursor is opaque to clients (occurredAt and id of the last item). */
    @Transactional
    public Page list(String userId, Practice practice, LocalDate from, LocalDate to, String cursor, int limit) {
        StringBuilder query = new StringBuilder("userId = :userId");
        Map<String, Object> params = new HashMap<>();
        params.put("userId", userId);
        if (practice != null) {
            query.append(" and practice = :practice");
            params.put("practice", practice);
        }
        if (from != null) {
            query.append(" and localDate >= :fromDate");
            params.put("fromDate", from);
        }
        if (to != null) {
            query.append(" and localDate <= :toDate");
            params.put("toDate", to);
        }
        if (cursor != null) {
            EntryCursor after = EntryCursor.parse(cursor);
            query.append(" and (occurredAt < :cursorAt or (occurredAt = :cursorAt and id < :cursorId))");
            params.put("cursorAt", after.at());
            params.put("cursorId", after.id());
        }
        query.append(" order by occurredAt desc, id desc");
        List<JournalEntry> rows = JournalEntry.<JournalEntry>find(query.toString(), params).page(0, limit + 1).list();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            JournalEntry last = rows.get(limit - 1);
            next = new EntryCursor(last.occurredAt, last.id).encode();
        }
        return new Page(rows.stream().map(codec::open).toList(), next);
    }

    /** Everything the person wrote, decrypted, oldest first (GDPR Art. 20). */
    @Transactional
    public List<DecryptedEntry> export(String userId) {
        return JournalEntry.<JournalEntry>list("userId = ?1 order by occurredAt, id", userId).stream().map(codec::open).toList();
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
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(UUID.randomUUID(), clock.instant(), userId, orgId, new UserErased()));
        return entries;
    }

    /** Today's prompt: its place in the practice's list (stable) and its words in the person's language. */
    public record TodaysPrompt(int number, String text, java.util.Locale locale) {
    }

    public TodaysPrompt promptOfToday(String userId, Practice practice, java.time.ZoneId zone) {
        int place = Prompts.placeForDay(userId, practice, LocalDate.now(clock.withZone(zone)));
        java.util.Locale locale = languages.localeOf(userId);
        return new TodaysPrompt(place, Prompts.text(practice, place, locale), locale);
    }

    private JournalEntry owned(String userId, UUID id) {
        return Optional.ofNullable(JournalEntry.<JournalEntry>findById(id))
                .filter(e -> e.userId.equals(userId))
                .orElseThrow(JournalException.EntryNotFound::new);
    }
}
