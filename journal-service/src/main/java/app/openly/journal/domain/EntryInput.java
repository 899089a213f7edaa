package app.openly.journal.domain;

import app.openly.events.Feeling;
import app.openly.events.Practice;
import app.openly.events.RitualKind;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An entry as a person sent it, before {@link PracticeRules} checked it: every field of every practice,
 * most of them null. The domain's own input (the REST body is mapped into it), so the rules do not
 * depend on the HTTP layer.
 */
public record EntryInput(
        Practice practice, OffsetDateTime occurredAt, String timeZone, String note, Feeling feeling, List<String> tags,
        String sentence, String sharedWith, Boolean shared, Integer courage,
        String listenedTo, Integer minutes, Integer urgeToFix, String heard,
        RitualKind kind, String text, UUID ritualId,
        String whisper, String reframe, Integer intensityBefore, Integer intensityAfter,
        Integer breaths, Boolean handOnHeart, Integer calmBefore, Integer calmAfter, Boolean shareWithPartner) {
}
