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
import app.openly.reminder.domain.EntryBatch;
import app.openly.reminder.domain.ReminderService;
import app.openly.reminder.domain.logic.EntryBatchReplay;
import app.openly.reminder.domain.ritual.RitualPartnerships;
import app.openly.reminder.domain.ritual.RitualStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hands each entry event to {@link ReminderService}: what the person's entries teach their reminders. A batch's
 * leading run of entry events is applied at once by {@link EntryBatch} (issue 17): one statement per table for the
 * whole run, each person re-planned once.
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
    @Inject
    EntryBatch entryBatch;

    /**
     * Runs of entry events of people without a ritual partnership go to {@link EntryBatch}, each run at once. Any other
     * event (partnerships, erasure, a partner's entry: a partner's re-plan reads and moves the other's reminders) ends
     * the run and is applied alone after it, so it sees exactly the state it would have seen one by one; after a
     * partnership or erasure event, who is partnered is asked again for the rest of the batch.
     */
    @Override
    public void applyAll(List<EventEnvelope> events) {
        List<String> people = events.stream().map(EventEnvelope::userId).distinct().toList();
        Set<String> partnered = null;
        List<EntryBatchReplay.Event> run = new ArrayList<>();
        for (EventEnvelope event : events) {
            if (partnered == null) {
                partnered = ritualStore.partneredAmong(people);
            }
            EntryBatchReplay.Event entryEvent = entryEvent(event);
            if (entryEvent != null && !partnered.contains(event.userId())) {
                run.add(entryEvent);
                continue;
            }
            entryBatch.apply(run, clock.instant());
            run.clear();
            apply(event);
            if (entryEvent == null) {
                partnered = null;
            }
        }
        entryBatch.apply(run, clock.instant());
    }

    /** The event as the batch replays it, or null when it is not an entry event. */
    private static EntryBatchReplay.Event entryEvent(EventEnvelope event) {
        EventPayload payload = event.payload();
        if (payload instanceof EntryRecorded recorded) {
            return new EntryBatchReplay.Written(event.userId(), recorded.entry());
        }
        if (payload instanceof EntryRevised revised) {
            return new EntryBatchReplay.Written(event.userId(), revised.entry());
        }
        if (payload instanceof EntryDeleted deleted) {
            return new EntryBatchReplay.Deleted(event.userId(), deleted.entryId(), deleted.version());
        }
        return null;
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
