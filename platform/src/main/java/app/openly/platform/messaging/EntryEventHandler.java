package app.openly.platform.messaging;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryFacts;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.EventPayload;
import app.openly.events.PartnerSharedRitual;
import app.openly.events.PartnershipEnded;
import app.openly.events.PartnershipFormed;
import app.openly.events.RitualRevealed;
import app.openly.events.UserErased;

/**
 * What a service does with one entry event from {@code journal.entry-events}. Called inside the
 * transaction that also records the event id, exactly once per event id.
 * <p>
 * {@link #apply} hands each payload type to its own method, once for every service; a service overrides the methods
 * for the events it cares about (the others do nothing, so a new event type on the topic is ignored until a service
 * learns it). A recorded and a revised entry are both the entry's whole current state ({@link #entryWritten}); its
 * version orders them.
 */
public interface EntryEventHandler {

    default void apply(EventEnvelope event) {
        EventPayload payload = event.payload();
        if (payload instanceof EntryRecorded recorded) {
            entryWritten(event, recorded.entry());
        } else if (payload instanceof EntryRevised revised) {
            entryWritten(event, revised.entry());
        } else if (payload instanceof EntryDeleted deleted) {
            entryDeleted(event, deleted);
        } else if (payload instanceof UserErased) {
            userErased(event);
        } else if (payload instanceof PartnershipFormed formed) {
            partnershipFormed(event, formed);
        } else if (payload instanceof PartnershipEnded ended) {
            partnershipEnded(event, ended);
        } else if (payload instanceof PartnerSharedRitual shared) {
            partnerSharedRitual(event, shared);
        } else if (payload instanceof RitualRevealed revealed) {
            ritualRevealed(event, revealed);
        }
    }

    /** An entry was recorded or revised: {@code entry} is its whole state at {@code entry.version()}. */
    default void entryWritten(EventEnvelope event, EntryFacts entry) {
    }

    default void entryDeleted(EventEnvelope event, EntryDeleted deleted) {
    }

    /** The person {@code event.userId()} erased their account: keep nothing of them. */
    default void userErased(EventEnvelope event) {
    }

    default void partnershipFormed(EventEnvelope event, PartnershipFormed formed) {
    }

    default void partnershipEnded(EventEnvelope event, PartnershipEnded ended) {
    }

    default void partnerSharedRitual(EventEnvelope event, PartnerSharedRitual shared) {
    }

    default void ritualRevealed(EventEnvelope event, RitualRevealed revealed) {
    }
}
