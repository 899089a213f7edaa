package app.openly.journal.domain;

import app.openly.events.EntryFacts;
import app.openly.events.EntryRecorded;
import app.openly.events.EventEnvelope;
import app.openly.events.Topics;
import app.openly.platform.outbox.Outbox;
import app.openly.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class JournalService {

    @Inject
    Outbox outbox;
    @Inject
    Clock clock;

    /** Stores the entry and its {@code EntryRecorded} event in one transaction. */
    @Transactional
    public JournalEntry record(String userId, String orgId, app.openly.events.Practice practice, OffsetDateTime occurredAt, ZoneId zone) {
        Instant now = clock.instant();
        ZonedDateTime local = occurredAt.atZoneSameInstant(zone);
        JournalEntry entry = new JournalEntry();
        entry.id = UUID.randomUUID();
        entry.userId = userId;
        entry.practice = practice;
        entry.occurredAt = occurredAt.toInstant();
        entry.timeZone = zone.getId();
        entry.localDate = local.toLocalDate();
        entry.localTime = local.toLocalTime().withNano(0);
        entry.version = 1;
        entry.createdAt = now;
        entry.updatedAt = now;
        entry.persist();
        EntryFacts facts = new EntryFacts(entry.id, entry.version, entry.practice, entry.occurredAt, entry.timeZone,
                entry.localDate, entry.localTime, null, null, List.of(), Map.of());
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(UUID.randomUUID(), now, userId, orgId, new EntryRecorded(facts)));
        return entry;
    }

    /** The entry if it is the person's own; another person's entry is indistinguishable from a missing one. */
    public JournalEntry find(String userId, UUID id) {
        return Optional.ofNullable(JournalEntry.<JournalEntry>findById(id))
                .filter(e -> e.userId.equals(userId))
                .orElseThrow(() -> ProblemException.notFound("entry"));
    }
}
