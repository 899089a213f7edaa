package app.openly.testsupport;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryFacts;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.events.UserErased;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for entry events as journal-service would publish them. */
public final class TestEvents {

    private TestEvents() {
    }

    public static EntryFacts facts(UUID entryId, long version, Practice practice, LocalDateTime local, String zone,
                                   PracticeMetrics metrics, List<String> themes) {
        ZonedDateTime at = local.atZone(ZoneId.of(zone));
        return new EntryFacts(entryId, version, practice, at.toInstant(), zone, at.toLocalDate(),
                at.toLocalTime(), null, metrics, themes, Map.of());
    }

    public static EventEnvelope recorded(String userId, String orgId, EntryFacts facts) {
        return EventEnvelope.of(UUID.randomUUID(), facts.occurredAt(), userId, orgId, new EntryRecorded(facts));
    }

    public static EventEnvelope recorded(String userId, Practice practice, LocalDateTime local, String zone) {
        return recorded(userId, null, facts(UUID.randomUUID(), 1, practice, local, zone, null, List.of()));
    }

    public static EventEnvelope revised(String userId, String orgId, EntryFacts facts, java.time.LocalDate previousLocalDate) {
        return EventEnvelope.of(UUID.randomUUID(), facts.occurredAt(), userId, orgId, new EntryRevised(facts, previousLocalDate));
    }

    public static EventEnvelope deleted(String userId, String orgId, EntryFacts facts) {
        return EventEnvelope.of(UUID.randomUUID(), facts.occurredAt(), userId, orgId,
                new EntryDeleted(facts.entryId(), facts.version() + 1, facts.practice(), facts.localDate(), facts.timeZone()));
    }

    public static EventEnvelope erased(String userId) {
        return EventEnvelope.of(UUID.randomUUID(), java.time.Instant.parse("2026-11-25T00:00:00Z"), userId, null, new UserErased());
    }
}
