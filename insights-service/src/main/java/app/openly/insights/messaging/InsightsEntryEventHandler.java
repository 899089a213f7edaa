package app.openly.insights.messaging;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryFacts;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.EventPayload;
import app.openly.events.PartnershipEnded;
import app.openly.events.PartnershipFormed;
import app.openly.events.RitualRevealed;
import app.openly.insights.domain.InsightsStore;
import app.openly.insights.domain.ProjectionBatch;
import app.openly.insights.domain.ritual.SharedStreaks;
import app.openly.platform.messaging.BatchEntryEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the entry projection and every precomputed aggregate exact under revisions, deletes,
 * redeliveries (the platform consumer skips seen event ids) and reordering (entry versions): entry events go to
 * {@link ProjectionBatch}, a batch's runs of them at once (issue 17).
 */
@ApplicationScoped
public class InsightsEntryEventHandler implements BatchEntryEventHandler {

    @Inject
    InsightsStore store;
    @Inject
    SharedStreaks sharedStreaks;
    @Inject
    ProjectionBatch projections;

    @Override
    public void userErased(EventEnvelope event) {
        sharedStreaks.erased(event.userId()); // the partner keeps nothing naming the erased person
        store.erase(event.userId());
    }

    @Override
    public void partnershipFormed(EventEnvelope event, PartnershipFormed formed) {
        sharedStreaks.formed(event.userId(), formed);
    }

    @Override
    public void partnershipEnded(EventEnvelope event, PartnershipEnded ended) {
        sharedStreaks.ended(event.userId(), ended);
    }

    @Override
    public void ritualRevealed(EventEnvelope event, RitualRevealed revealed) {
        sharedStreaks.revealed(event.userId(), revealed);
    }

    @Override
    public void entryWritten(EventEnvelope event, EntryFacts facts) {
        projections.apply(List.of(event));
    }

    @Override
    public void entryDeleted(EventEnvelope event, EntryDeleted deleted) {
        projections.apply(List.of(event));
    }

    /**
     * Runs of entry events go to {@link ProjectionBatch} together (each table read and written once per run); any
     * other event is applied alone between two runs, so it sees the state one by one would have left.
     */
    @Override
    public void applyAll(List<EventEnvelope> events) {
        List<EventEnvelope> run = new ArrayList<>();
        for (EventEnvelope event : events) {
            EventPayload payload = event.payload();
            if (payload instanceof EntryRecorded || payload instanceof EntryRevised || payload instanceof EntryDeleted) {
                run.add(event);
            } else {
                if (!run.isEmpty()) {
                    projections.apply(run);
                    run = new ArrayList<>();
                }
                apply(event);
            }
        }
        if (!run.isEmpty()) {
            projections.apply(run);
        }
    }
}
