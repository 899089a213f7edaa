package app.openly.reminder.messaging;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryFacts;
import app.openly.events.EventEnvelope;
import app.openly.events.PartnerSharedRitual;
import app.openly.events.PartnershipEnded;
import app.openly.events.PartnershipFormed;
import app.openly.events.RitualRevealed;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventPayload;
import app.openly.platform.messaging.BatchEntryEventHandler;
import app.openly.reminder.domain.ReminderService;
import app.openly.reminder.domain.ritual.RitualPartnerships;
import app.openly.reminder.domain.ritual.RitualStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hands each entry event to {@link ReminderService}: what the person's entries teach their reminders. A batch of
 * events re-plans each of its people once, after their last event, all together (issue 17): re-planning was most of
 * an event's statements.
 */
@ApplicationScoped
public class ReminderEntryEventHandler implements BatchEntryEventHandler {

    @Inject
    Clock clock;
    @Inject
    ReminderService reminders;
    @Inject
    RitualPartnerships rituals;

    @Inject
    RitualStore ritualStore;

    /**
     * Entry events of people without a ritual partnership are applied in order with their re-planning held back to the
     * end of the batch (a partner's re-plan reads and moves the other's reminders, so partners are re-planned as one
     * by one). Any other event first re-plans everyone held back, and applies from there on one by one: partnerships
     * and erasure then see exactly the state they would have seen.
     */
    @Override
    public void applyAll(List<EventEnvelope> events) {
        Set<String> partnered = ritualStore.partneredAmong(events.stream().map(EventEnvelope::userId).distinct().toList());
        Set<String> replanLater = new TreeSet<>();
        boolean holdingBack = true;
        for (EventEnvelope event : events) {
            EventPayload payload = event.payload();
            boolean entryEvent = payload instanceof EntryRecorded || payload instanceof EntryRevised || payload instanceof EntryDeleted;
            if (holdingBack && entryEvent && !partnered.contains(event.userId())) {
                boolean replan;
                if (payload instanceof EntryDeleted deleted) {
                    replan = reminders.entryDeletedPlanLater(event.userId(), deleted.entryId(), deleted.version(), clock.instant());
                } else {
                    replan = reminders.entryRecordedPlanLater(event.userId(), payload instanceof EntryRecorded recorded
                            ? recorded.entry() : ((EntryRevised) payload).entry(), clock.instant());
                }
                if (replan) {
                    replanLater.add(event.userId());
                }
            } else {
                reminders.replanLater(replanLater, clock.instant());
                replanLater.clear();
                holdingBack = false;
                apply(event);
            }
        }
        reminders.replanLater(replanLater, clock.instant());
    }

    @Override
    public void entryWritten(EventEnvelope event, EntryFacts entry) {
        reminders.entryRecorded(event.userId(), entry, clock.instant());
    }

    @Override
    public void entryDeleted(EventEnvelope event, EntryDeleted deleted) {
        reminders.entryDeleted(event.userId(), deleted.entryId(), deleted.version(), clock.instant());
    }

    @Override
    public void userErased(EventEnvelope event) {
        rituals.erased(event.userId(), clock.instant()); // the partner returns to their own plan first
        reminders.erase(event.userId());
    }

    @Override
    public void partnershipFormed(EventEnvelope event, PartnershipFormed formed) {
        rituals.formed(event.userId(), formed, clock.instant());
    }

    @Override
    public void partnershipEnded(EventEnvelope event, PartnershipEnded ended) {
        rituals.ended(event.userId(), ended, clock.instant());
    }

    @Override
    public void partnerSharedRitual(EventEnvelope event, PartnerSharedRitual shared) {
        rituals.partnerShared(event.userId(), shared, clock.instant());
    }

    @Override
    public void ritualRevealed(EventEnvelope event, RitualRevealed revealed) {
        rituals.revealed(event.userId(), revealed, clock.instant());
    }
}
