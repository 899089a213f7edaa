package app.openly.journal.domain.ritual;

import app.openly.events.EventEnvelope;
import app.openly.events.EventPayload;
import app.openly.events.PartnerSharedRitual;
import app.openly.events.Practice;
import app.openly.events.RitualRevealed;
import app.openly.events.Topics;
import app.openly.journal.domain.EntryWriteStore;
import app.openly.journal.domain.JournalEntry;
import app.openly.journal.domain.JournalException;
import app.openly.journal.domain.logic.RitualNight;
import app.openly.platform.outbox.Outbox;
import app.openly.platform.persistence.TimeOrderedIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What writing a ritual entry means for a partnership: its ritual night, whether it is shared (with the
 * partnership it was written in), "your partner has written" once per night, and the reveal once both
 * shared. The text is never looked at here; it stays sealed in the entry.
 */
// No @Transactional(MANDATORY) on lockForWrite, place and announce: every write they cause runs in a store that
// requires the caller's transaction itself (EntryWriteStore's check, Pairing's, RitualStore's and Outbox's MANDATORY),
// and on POST /entries the three interceptions per write were pure overhead for an unshared entry (issue 17).
@ApplicationScoped
public class RitualShares {

    @Inject
    Pairing pairing;
    @Inject
    RitualStore store;
    @Inject
    Outbox outbox;
    @Inject
    EntryWriteStore writes;

    /**
     * Locks for a write: the person, and when the entry is to be shared also their partner (both in
     * sorted order), because sharing may publish facts to the partner and reveal the night to both.
     */
    public void lockForWrite(String userId, boolean sharing) {
        if (sharing) {
            pairing.lockWithPartner(userId);
        } else {
            writes.lockPerson(userId); // plain JDBC: an unshared entry's write never opens the Hibernate session (EntryWriteStore)
        }
    }

    /**
     * Sets the entry's ritual night and the partnership it is shared with (call after sealing it).
     *
     * @throws JournalException.SharingWithoutPartner when sharing with no partner
     */
    public void place(JournalEntry entry, boolean shareWithPartner) {
        if (entry.practice != Practice.RITUAL_OF_OPENNESS) {
            entry.ritualNight = null;
            entry.sharedPairId = null;
            return;
        }
        entry.ritualNight = RitualNight.of(entry.occurredAt, ZoneId.of(entry.timeZone));
        // Not sharing (any more) takes it out of the partner's view at once.
        entry.sharedPairId = shareWithPartner
                ? RitualPartner.activeOf(entry.userId).orElseThrow(JournalException.SharingWithoutPartner::new).pairId
                : null;
    }

    /**
     * Publishes what a shared entry means for the pair (after the entry's own event): "your partner has
     * written" once per night, and the reveal once both shared. Never text.
     */
    public void announce(JournalEntry entry, Instant now) {
        if (entry.sharedPairId == null) {
            return;
        }
        RitualPartner mine = RitualPartner.activeOf(entry.userId).orElseThrow(JournalException.SharingWithoutPartner::new);
        String partnerId = mine.other().userId;
        LocalDate night = entry.ritualNight;
        if (store.recordFirstShare(mine.pairId, entry.userId, night, now)) {
            publish(partnerId, now, new PartnerSharedRitual(mine.pairId, night));
        }
        if (RitualEntries.sharedCount(mine.pairId, partnerId, night) > 0 && store.recordReveal(mine.pairId, night, now)) {
            publish(entry.userId, now, new RitualRevealed(mine.pairId, night));
            publish(partnerId, now, new RitualRevealed(mine.pairId, night));
        }
    }

    private void publish(String userId, Instant now, EventPayload fact) {
        // No organization on ritual facts: a partnership is never part of an organization's view.
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(TimeOrderedIds.at(now), now, userId, null, fact));
    }
}
