package app.openly.journal.domain;

import app.openly.events.Feeling;
import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A validated entry, ready to store: the request after {@link PracticeRules}. {@code shareWithPartner}:
 * a ritual entry the person shares with their ritual partner.
 */
public record EntryDraft(Practice practice, OffsetDateTime occurredAt, ZoneId zone, Feeling feeling,
                         PracticeMetrics metrics, UUID ritualId, EntryContent content,
                         boolean shareWithPartner) {
}
