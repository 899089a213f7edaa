package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;

/**
 * What a service does with one entry event from {@code journal.entry-events}. Called inside the
 * transaction that also records the event id, exactly once per event id.
 */
public interface EntryEventHandler {
    void apply(EventEnvelope event);
}
