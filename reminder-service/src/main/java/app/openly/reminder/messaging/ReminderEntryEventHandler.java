package app.openly.reminder.messaging;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.PartnerSharedRitual;
import app.openly.events.PartnershipEnded;
import app.openly.events.PartnershipFormed;
import app.openly.events.RitualRevealed;
import app.openly.events.UserErased;
import app.openly.platform.messaging.EntryEventHandler;
import app.openly.reminder.domain.ReminderService;
import app.openly.reminder.domain.ritual.RitualPartnerships;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;

/** Hands each entry event to {@link ReminderService}: what the person's entries teach their reminders. */
@ApplicationScoped
public class ReminderEntryEventHandler implements EntryEventHandler {

    @Inject
    Clock clock;
    @Inject
    ReminderService reminders;
    @Inject
    RitualPartnerships rituals;

    @Override
    public void apply(EventEnvelope event) {
        if (event.payload() instanceof EntryRecorded recorded) {
            reminders.entryRecorded(event.userId(), recorded.entry(), clock.instant());
        } else if (event.payload() instanceof EntryRevised revised) {
            reminders.entryRecorded(event.userId(), revised.entry(), clock.instant());
        } else if (event.payload() instanceof EntryDeleted deleted) {
            reminders.entryDeleted(event.userId(), deleted.entryId(), deleted.version(), clock.instant());
        } else if (event.payload() instanceof UserErased) {
            rituals.erased(event.userId(), clock.instant()); // the partner returns to their own plan first
            reminders.erase(event.userId());
        } else if (event.payload() instanceof PartnershipFormed formed) {
            rituals.formed(event.userId(), formed, clock.instant());
        } else if (event.payload() instanceof PartnershipEnded ended) {
            rituals.ended(event.userId(), ended, clock.instant());
        } else if (event.payload() instanceof PartnerSharedRitual shared) {
            rituals.partnerShared(event.userId(), shared, clock.instant());
        } else if (event.payload() instanceof RitualRevealed revealed) {
            rituals.revealed(event.userId(), revealed, clock.instant());
        }
    }
}
