package app.openly.journal.rest;

import app.openly.events.Practice;
import app.openly.journal.domain.JournalEntry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

public record EntryResponse(UUID id, Practice practice, Instant occurredAt, String timeZone, LocalDate localDate,
                            LocalTime localTime, long version) {
    static EntryResponse of(JournalEntry e) {
        return new EntryResponse(e.id, e.practice, e.occurredAt, e.timeZone, e.localDate, e.localTime, e.version);
    }
}
