package app.openly.journal.domain.ritual;

import app.openly.events.Practice;
import app.openly.journal.domain.JournalEntry;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The ritual entries of a partnership, queried as entities (JPQL: a pending write is flushed first). */
final class RitualEntries {

    private RitualEntries() {
    }

    static long sharedCount(UUID pairId, String userId, LocalDate night) {
        return JournalEntry.count("sharedPairId = ?1 and userId = ?2 and ritualNight = ?3", pairId, userId, night);
    }

    static List<JournalEntry> shared(UUID pairId, String userId, LocalDate night) {
        return JournalEntry.list("sharedPairId = ?1 and userId = ?2 and ritualNight = ?3 order by occurredAt, id", pairId, userId, night);
    }

    /** All of the person's ritual entries of the night, shared or not (they are the person's own). */
    static List<JournalEntry> own(String userId, LocalDate night) {
        return JournalEntry.list("userId = ?1 and practice = ?2 and ritualNight = ?3 order by occurredAt, id",
                userId, Practice.RITUAL_OF_OPENNESS, night);
    }

    /** Nights of the partnership on which either shared, newest first, before {@code before} (null: from the newest). */
    static List<LocalDate> sharedNights(UUID pairId, LocalDate before, int limit) {
        var query = JournalEntry.getEntityManager().createQuery(
                "select distinct e.ritualNight from JournalEntry e where e.sharedPairId = :pairId"
                        + (before == null ? "" : " and e.ritualNight < :before") + " order by e.ritualNight desc", LocalDate.class);
        query.setParameter("pairId", pairId);
        if (before != null) {
            query.setParameter("before", before);
        }
        return query.setMaxResults(limit).getResultList();
    }
}
