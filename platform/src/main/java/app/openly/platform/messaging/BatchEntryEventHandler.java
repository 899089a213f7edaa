package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;

import java.util.List;

/**
 * An {@link EntryEventHandler} that applies a whole batch (one Kafka poll) at once: it reads what the batch needs for
 * all its people in a few statements and writes with multi-row statements, where applying event by event costs
 * several round trips per event (issue 17).
 * <p>
 * {@link #applyAll} must leave the database exactly as {@link #apply} called for each event in the same order would.
 * A failure rolls the whole batch back; the consumer then applies the batch's records one by one through
 * {@link #apply}, which isolates a poison record, so both paths must agree.
 */
public interface BatchEntryEventHandler extends EntryEventHandler {

    /**
     * The events of one batch not applied before, each once, in their order (a person's events in the order they were
     * published), inside the transaction that also records their ids in the ledger.
     */
    void applyAll(List<EventEnvelope> events);
}
