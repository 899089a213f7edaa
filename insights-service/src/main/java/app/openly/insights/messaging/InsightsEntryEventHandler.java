package app.openly.insights.messaging;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryFacts;
import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.PartnershipEnded;
import app.openly.events.PartnershipFormed;
import app.openly.events.PracticeMetrics;
import app.openly.events.RitualRevealed;
import app.openly.insights.domain.DailyPracticeStore;
import app.openly.insights.domain.EntryProjection;
import app.openly.insights.domain.InsightsStore;
import app.openly.insights.domain.PersonStore;
import app.openly.insights.domain.StreakStore;
import app.openly.insights.domain.ritual.SharedStreaks;
import app.openly.platform.messaging.EntryEventHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the entry projection and every precomputed aggregate exact under revisions, deletes,
 * redeliveries (the platform consumer skips seen event ids) and reordering (entry versions).
 */
@ApplicationScoped
public class InsightsEntryEventHandler implements EntryEventHandler {

    private static final ObjectReader METRICS = EventJson.reader().forType(PracticeMetrics.class);

    @Inject
    Clock clock;
    @Inject
    InsightsStore store;
    @Inject
    PersonStore people;
    @Inject
    StreakStore streaks;
    @Inject
    DailyPracticeStore dailyPractice;
    @Inject
    SharedStreaks sharedStreaks;

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
        EntryProjection p = EntryProjection.findById(facts.entryId());
        if (p != null && (p.version >= facts.version() || !p.userId.equals(event.userId()))) {
            return; // stale (or foreign) event: a newer state is already applied
        }
        Set<String> touched = new HashSet<>();
        if (p != null && !p.deleted) {
            takeBack(p);
            touched.add(p.practice.name());
        }
        if (p == null) {
            p = new EntryProjection();
            p.entryId = facts.entryId();
            p.userId = event.userId();
        }
        p.orgId = event.orgId();
        p.version = facts.version();
        p.deleted = false;
        p.practice = facts.practice();
        p.localDate = facts.localDate();
        p.timeZone = facts.timeZone();
        p.metrics = json(facts.metrics());
        p.themes = facts.themes().toArray(String[]::new);
        p.updatedAt = clock.instant();
        p.persist();
        people.touch(event.userId(), event.orgId(), facts.timeZone());
        dailyPractice.add(p.userId, p.localDate, p.practice, +1);
        store.contribute(p.userId, p.localDate, p.practice, facts.metrics(), facts.themes(), +1);
        touched.add(p.practice.name());
        streaks.recompute(p.userId, touched);
    }

    @Override
    public void entryDeleted(EventEnvelope event, EntryDeleted deleted) {
        EntryProjection p = EntryProjection.findById(deleted.entryId());
        if (p == null) {
            // Deleted before we saw it: keep a tombstone so a late EntryRecorded is ignored.
            p = new EntryProjection();
            p.entryId = deleted.entryId();
            p.userId = event.userId();
            p.version = deleted.version();
            p.deleted = true;
            p.practice = deleted.practice();
            p.localDate = deleted.localDate();
            p.timeZone = deleted.timeZone();
            p.updatedAt = clock.instant();
            p.persist();
            return;
        }
        if (!p.userId.equals(event.userId()) || p.version >= deleted.version() || p.deleted) {
            return;
        }
        takeBack(p);
        p.deleted = true;
        p.version = deleted.version();
        p.updatedAt = clock.instant();
        streaks.recompute(p.userId, Set.of(p.practice.name()));
    }

    private void takeBack(EntryProjection p) {
        dailyPractice.add(p.userId, p.localDate, p.practice, -1);
        store.contribute(p.userId, p.localDate, p.practice, metrics(p.metrics), List.of(p.themes), -1);
    }

    private static PracticeMetrics metrics(String json) {
        try {
            return METRICS.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metrics cannot be read", e);
        }
    }

    private static String json(PracticeMetrics metrics) {
        try {
            return EventJson.writer().writeValueAsString(metrics);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
