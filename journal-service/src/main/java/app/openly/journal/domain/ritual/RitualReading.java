package app.openly.journal.domain.ritual;

import app.openly.journal.domain.DecryptedEntry;
import app.openly.journal.domain.EntryCodec;
import app.openly.journal.domain.JournalEntry;
import app.openly.journal.domain.JournalException;
import app.openly.journal.domain.logic.NightCursor;
import app.openly.journal.domain.logic.RitualNight;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Reading the ritual with a partner: tonight and past nights. Only the person's active partnership is
 * ever read, so a former partner, a third person or an organization admin reads nothing (NoPartner).
 * The partner's text is decrypted here, inside journal-service, and only for a revealed night.
 */
@ApplicationScoped
public class RitualReading {

    @Inject
    EntryCodec codec;
    @Inject
    RitualStore store;
    @Inject
    Clock clock;

    /** Where the partner is on a night: nothing yet, has written (text hidden), or revealed (both shared). */
    public enum PartnerState { NOTHING_YET, WRITTEN, REVEALED }

    /**
     * One night of the partnership: my ritual entries (shared or not) and, once revealed, the partner's
     * shared ones (deleted or unshared ones are gone from it).
     */
    public record Night(LocalDate night, List<DecryptedEntry> mine, PartnerState partnerState, List<DecryptedEntry> partners) {
    }

    public record NightPage(String partnerName, List<Night> items, String nextCursor) {
    }

    /** The ritual night the person is in now (in {@code zone}). */
    @Transactional
    public Night tonight(String userId, ZoneId zone) {
        RitualPartner mine = RitualPartner.activeOf(userId).orElseThrow(JournalException.NoPartner::new);
        return night(mine, mine.other().userId, RitualNight.of(clock.instant(), zone));
    }

    /** Nights on which either of the pair shared, newest first. */
    @Transactional
    public NightPage history(String userId, String cursor, int limit) {
        RitualPartner mine = RitualPartner.activeOf(userId).orElseThrow(JournalException.NoPartner::new);
        RitualPartner partner = mine.other();
        LocalDate before = cursor == null ? null : NightCursor.parse(cursor).before();
        List<LocalDate> nights = RitualEntries.sharedNights(mine.pairId, before, limit + 1);
        String next = null;
        if (nights.size() > limit) {
            nights = nights.subList(0, limit);
            next = new NightCursor(nights.get(limit - 1)).encode();
        }
        return new NightPage(partner.displayName, nights.stream().map(n -> night(mine, partner.userId, n)).toList(), next);
    }

    /** The zone of the person's latest ritual entry, for "tonight" when the client did not say. */
    @Transactional
    public ZoneId latestZoneOf(String userId) {
        return JournalEntry.<JournalEntry>find("userId = ?1 and ritualNight is not null order by occurredAt desc", userId)
                .firstResultOptional().map(e -> ZoneId.of(e.timeZone)).orElse(ZoneId.of("UTC"));
    }

    private Night night(RitualPartner mine, String partnerId, LocalDate night) {
        List<DecryptedEntry> own = RitualEntries.own(mine.userId, night).stream().map(codec::open).toList();
        if (store.isRevealed(mine.pairId, night)) {
            List<DecryptedEntry> partners = RitualEntries.shared(mine.pairId, partnerId, night).stream().map(codec::open).toList();
            return new Night(night, own, PartnerState.REVEALED, partners);
        }
        PartnerState state = RitualEntries.sharedCount(mine.pairId, partnerId, night) > 0 ? PartnerState.WRITTEN : PartnerState.NOTHING_YET;
        return new Night(night, own, state, List.of());
    }
}
