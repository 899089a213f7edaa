package app.openly.insights.messaging;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryFacts;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.UserErased;
import app.openly.insights.domain.DailyPractice;
import app.openly.insights.domain.EntryProjection;
import app.openly.platform.messaging.EntryEventHandler;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;

/** Keeps the entry projection and the per-day counters exact under revisions, deletes and reordering. */
@ApplicationScoped
public class InsightsEntryEventHandler implements EntryEventHandler {

    @Inject
    Clock clock;

    @Override
    public void apply(EventEnvelope event) {
        if (event.payload() instanceof EntryRecorded recorded) {
            upsert(event, recorded.entry());
        } else if (event.payload() instanceof EntryRevised revised) {
            upsert(event, revised.entry());
        } else if (event.payload() instanceof EntryDeleted deleted) {
            delete(event, deleted);
        } else if (event.payload() instanceof UserErased) {
            erase(event.userId());
        }
    }

    private void upsert(EventEnvelope event, EntryFacts facts) {
        EntryProjection p = EntryProjection.findById(facts.entryId());
        if (p != null && (p.version >= facts.version() || !p.userId.equals(event.userId()))) {
            return; // stale (or foreign) event: a newer state is already applied
        }
        if (p != null && !p.deleted) {
            DailyPractice.add(p.userId, p.localDate, p.practice, -1);
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
        p.updatedAt = clock.instant();
        p.persist();
        DailyPractice.add(p.userId, p.localDate, p.practice, +1);
    }

    private void delete(EventEnvelope event, EntryDeleted deleted) {
        EntryProjection p = EntryProjection.findById(deleted.entryId());
        if (p == null) {
            // Deleted before we saw it: remember the tombstone so a late EntryRecorded is ignored.
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
        DailyPractice.add(p.userId, p.localDate, p.practice, -1);
        p.deleted = true;
        p.version = deleted.version();
        p.updatedAt = clock.instant();
    }

    private void erase(String userId) {
        var em = Panache.getEntityManager();
        em.createNativeQuery("delete from daily_practice where user_id = :u").setParameter("u", userId).executeUpdate();
        em.createNativeQuery("delete from entry_projection where user_id = :u").setParameter("u", userId).executeUpdate();
    }
}
