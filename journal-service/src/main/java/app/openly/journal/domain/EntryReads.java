package app.openly.journal.domain;

import app.openly.events.Practice;
import app.openly.journal.domain.logic.EntryCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reading one's own entries, decrypted: one by id, a page at a time behind an opaque cursor, or all of them (export).
 * Another person's entry is simply not found.
 */
@ApplicationScoped
public class EntryReads {

    @Inject
    EntryCodec codec;

    public record Page(List<DecryptedEntry> items, String nextCursor) {
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

    /** The person's entry, or {@link JournalException.EntryNotFound} (also for another person's). */
    static JournalEntry owned(String userId, UUID id) {
        return Optional.ofNullable(JournalEntry.<JournalEntry>findById(id))
                .filter(e -> e.userId.equals(userId))
                .orElseThrow(JournalException.EntryNotFound::new);
    }
}
