package app.openly.reminder.messaging;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryFacts;
import app.openly.events.EventEnvelope;
import app.openly.events.PartnerSharedRitual;
import app.openly.events.PartnershipEnded;
import app.openly.events.PartnershipFormed;
import app.openly.events.RitualRevealed;
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
