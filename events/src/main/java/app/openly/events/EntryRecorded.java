package app.openly.events;

/** A new entry was recorded. */
public record EntryRecorded(EntryFacts entry) implements EventPayload {
}
