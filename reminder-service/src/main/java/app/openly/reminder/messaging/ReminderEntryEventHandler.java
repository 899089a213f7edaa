package app.openly.reminder.messaging;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryFacts;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.UserErased;
import app.openly.platform.messaging.EntryEventHandler;
import app.openly.reminder.domain.PracticeActivity;
import app.openly.reminder.domain.ReminderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;

/** Learns from entry events when each person practises, and keeps their reminder schedule in step. */
@ApplicationScoped
public class ReminderEntryEventHandler implements EntryEventHandler {

    @Inject
    Clock clock;
    @Inject
    ReminderService reminders;

    @Override
    public void apply(EventEnvelope event) {
        if (event.payload() instanceof EntryRecorded recorded) {
            learn(event.userId(), recorded.entry());
        } else if (event.payload() instanceof EntryRevised revised) {
            learn(event.userId(), revised.entry());
        } else if (event.payload() instanceof EntryDeleted deleted) {
            reminders.entryDeleted(event.userId(), deleted.entryId(), deleted.version(), clock.instant());
        } else if (event.payload() instanceof UserErased) {
            reminders.erase(event.userId());
        }
    }

    private void learn(String userId, EntryFacts entry) {
        reminders.entryRecorded(userId, entry, clock.instant());
        var key = new PracticeActivity.Key(userId, entry.practice());
        PracticeActivity activity = PracticeActivity.findById(key);
        if (activity == null) {
            activity = new PracticeActivity();
            activity.id = key;
            activity.entriesSeen = 0;
        } else if (activity.lastOccurredAt.isAfter(entry.occurredAt())) {
            activity.entriesSeen++;
            activity.updatedAt = clock.instant();
            return; // an older entry never overrides the latest one
        }
        activity.timeZone = entry.timeZone();
        activity.lastLocalDate = entry.localDate();
        activity.lastLocalTime = entry.localTime();
        activity.lastOccurredAt = entry.occurredAt();
        activity.entriesSeen++;
        activity.updatedAt = clock.instant();
        activity.persist();
    }
}
