package app.openly.journal.domain;

import app.openly.events.EntryRecorded;
import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.Feeling;
import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.events.RitualKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A new entry's event takes its facts from the draft instead of parsing back the JSON just written into the entry
 * (issue 17): both must say the same, down to the event's bytes on the outbox.
 */
class EntryCodecTest {

    @Test
    void factsFromTheDraftAreTheFactsReadBackFromTheRow() {
        List<EntryDraft> drafts = List.of(
                draft(Practice.HONEST_SENTENCE, new PracticeMetrics(4, true, null, null, null, null, null, null, null, null, null, null),
                        new EntryContent("I said no to the extra shift", "my manager", null, null, null, null, null, "hard but 💪", List.of("work"))),
                draft(Practice.RITUAL_OF_OPENNESS, new PracticeMetrics(null, null, null, null, RitualKind.values()[0], false, null, null, null, null, null, null),
                        new EntryContent(null, null, null, null, "thank you for today", null, null, null, null)),
                draft(Practice.BODY_ANCHOR, new PracticeMetrics(null, null, 5, null, null, null, null, null, 12, true, 3, 7),
                        new EntryContent(null, null, null, null, null, null, null, "", List.of())),
                draft(Practice.INNER_CRITIC_REFRAME, PracticeMetrics.NONE,
                        new EntryContent(null, null, null, null, null, "you always fail", "I am learning", null, null)));
        for (EntryDraft draft : drafts) {
            JournalEntry entry = new JournalEntry();
            entry.id = UUID.randomUUID();
            entry.version = 1;
            entry.practice = draft.practice();
            entry.occurredAt = draft.occurredAt().toInstant();
            entry.timeZone = draft.zone().getId();
            entry.localDate = LocalDate.of(2026, 12, 1);
            entry.localTime = LocalTime.of(20, 15);
            entry.feeling = draft.feeling();
            entry.themes = new String[] {"work", "family"};
            // What seal writes into the row.
            entry.metrics = EntryCodec.json(draft.metrics());
            entry.textLengths = EntryCodec.json(draft.content().lengths());

            assertEquals(EntryCodec.facts(entry), EntryCodec.facts(entry, draft), draft.practice().name());
            UUID eventId = UUID.randomUUID();
            Instant at = Instant.parse("2026-12-01T19:20:00Z");
            assertArrayEquals(EventJson.encode(EventEnvelope.of(eventId, at, "u1", "o1", new EntryRecorded(EntryCodec.facts(entry)))),
                    EventJson.encode(EventEnvelope.of(eventId, at, "u1", "o1", new EntryRecorded(EntryCodec.facts(entry, draft)))),
                    draft.practice().name() + ": the event's bytes");
        }
    }

    private static EntryDraft draft(Practice practice, PracticeMetrics metrics, EntryContent content) {
        return new EntryDraft(practice, OffsetDateTime.parse("2026-12-01T20:15:00+01:00"), ZoneId.of("Europe/Berlin"), Feeling.values()[0],
                metrics, null, content, false);
    }
}
