package app.openly.reminder.domain.ritual;

import app.openly.events.PartnerSharedRitual;
import app.openly.events.PartnershipEnded;
import app.openly.events.PartnershipFormed;
import app.openly.events.RitualRevealed;
import app.openly.reminder.domain.PreferencesStore;
import app.openly.reminder.domain.Replanner;
import app.openly.reminder.domain.logic.Preferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The ritual events, applied inside the consumer's transaction (once per event id): the partnership
 * projection changes and the people concerned are re-planned at once. A change that concerns both partners
 * locks both people's preferences rows in one order (sorted ids), so two such changes never wait on each other.
 */
@ApplicationScoped
public class RitualPartnerships {

    @Inject
    RitualStore store;
    @Inject
    PreferencesStore preferences;
    @Inject
    Replanner replanner;
    @Inject
    PartnerNudges nudges;

    @Transactional(Transactional.TxType.MANDATORY)
    public void formed(String userId, PartnershipFormed formed, Instant now) {
        Optional<String> before = store.namedPartnerOf(userId);
        store.formed(userId, formed.pairId(), formed.partnerUserId(), now);
        replan(now, userId, formed.partnerUserId(), before.orElse(null));
    }

    /** Unpairing (by either, or an erasure in journal-service): each returns to their own plan. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ended(String userId, PartnershipEnded ended, Instant now) {
        Optional<String> partner = store.ended(userId, ended.pairId());
        replan(now, userId, partner.orElse(null));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void partnerShared(String userId, PartnerSharedRitual shared, Instant now) {
        if (store.partnerShared(userId, shared.pairId(), shared.night(), now)) {
            replan(now, userId); // a ritual reminder still to come that night now mentions it
            nudges.partnerSharedAlone(userId, shared.pairId(), shared.night(), now);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void revealed(String userId, RitualRevealed revealed, Instant now) {
        store.revealed(userId, revealed.pairId(), revealed.night(), now);
        replan(now, userId);
    }

    /** UserErased: the erased person's partner returns to their own plan (call before the person's rows are erased). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erased(String userId, Instant now) {
        List<String> partners = store.forgetPartnerErased(userId);
        replan(now, partners.toArray(String[]::new));
    }

    /**
     * Re-plans each named person who has preferences: every preferences row is locked first, in sorted order,
     * and only then is anyone re-planned (re-planning one touches the other's waiting ritual reminder).
     */
    private void replan(Instant now, String... userIds) {
        TreeSet<String> sorted = new TreeSet<>();
        for (String id : userIds) {
            if (id != null) {
                sorted.add(id);
            }
        }
        Map<String, Preferences> locked = new LinkedHashMap<>();
        for (String id : sorted) {
            preferences.lock(id).ifPresent(p -> locked.put(id, p));
        }
        locked.forEach((id, p) -> replanner.replanLocked(id, p, now));
    }
}
