package app.openly.journal.domain;

import app.openly.events.PracticeMetrics;

/** A stored entry with its decrypted content, for the person who wrote it (or their ritual partner). */
public record DecryptedEntry(JournalEntry entry, EntryContent content, PracticeMetrics metrics) {
}
