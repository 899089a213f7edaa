package app.openly.reminder.domain.ritual;

import app.openly.events.Practice;
import app.openly.reminder.config.ReminderConfig;
import app.openly.reminder.domain.PracticeHistoryStore;
import app.openly.reminder.domain.PreferencesStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/**
 * "Your partner has shared tonight's ritual", as a partner nudge, when no ritual reminder of the person's is still to
 * come that night to say it: gentle, at most once a night, only for the person's own tonight, never when they
 * already practised the ritual that night. Queued in the consumer's transaction; sent by {@link #sendQueued}.
 */
@ApplicationScoped
public class PartnerNudges {

    @Inject
    PartnerNudgeStore store;
    @Inject
    RitualStore rituals;
    @Inject
    PreferencesStore preferences;
    @Inject
    PracticeHistoryStore history;
    @Inject
    PartnerNudgeDelivery delivery;
    @Inject
    ReminderConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public void partnerSharedAlone(String userId, UUID pairId, LocalDate night, Instant now) {
        boolean stillPaired = rituals.partnershipOf(userId).filter(p -> p.pairId().equals(pairId)).isPresent();
        if (!stillPaired || store.reminderToCome(userId, night)) {
            return; // the night's reminder says it, once
        }
        ZoneId zone = preferences.find(userId).map(s -> s.preferences().zone()).orElse(null);
        if (zone == null || !night.equals(tonight(now, zone))) {
            return; // a nudge about another night than the person's own tonight would only confuse
        }
        if (history.daysDoneSince(userId, Practice.RITUAL_OF_OPENNESS, night).contains(night)) {
            return; // they kept the ritual tonight (perhaps privately): nothing to nudge about
        }
        store.queue(userId, night, pairId, now);
    }

    /** Sends queued nudges, batch by batch; returns how many were handled. Safe on every replica at once. */
    public int sendQueued(Instant now) {
        int handled = 0;
        List<PartnerNudgeStore.Claimed> batch;
        do {
            batch = store.claim(now, config.batchSize());
            for (PartnerNudgeStore.Claimed nudge : batch) {
                if (!store.stillAlone(nudge.userId(), nudge.pairId(), nudge.night())) {
                    store.settle(nudge.userId(), nudge.night(), PartnerNudgeStore.Status.DROPPED, "shared meanwhile", now);
                } else {
                    delivery.deliver(nudge, now);
                }
                handled++;
            }
        } while (batch.size() >= config.batchSize());
        return handled;
    }

    static LocalDate tonight(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        return local.toLocalTime().isBefore(RitualReminders.NIGHT_STARTS) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
    }
}
