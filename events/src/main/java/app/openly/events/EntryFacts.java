package app.openly.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What other services may know about one journal entry: when, which practice, numbers, theme tags
 * and text lengths. Never text, never user-chosen labels or tags (those are free text too).
 *
 * @param entryId     the entry
 * @param version     the entry's version; starts at 1, +1 per revision, so consumers can ignore stale events
 * @param practice    which practice
 * @param occurredAt  the instant the person practised (as their device saw it)
 * @param timeZone    IANA zone the person was in
 * @param localDate   the local day in {@code timeZone}
 * @param localTime   the local time of day in {@code timeZone}
 * @param feeling     optional feeling from the fixed list
 * @param metrics     the practice's numbers
 * @param themes      theme tags derived by journal-service before encryption
 * @param textLengths length in characters of each free-text field that was filled in
 */
public record EntryFacts(
        UUID entryId,
        long version,
        Practice practice,
        Instant occurredAt,
        String timeZone,
        LocalDate localDate,
        LocalTime localTime,
        Feeling feeling,
        PracticeMetrics metrics,
        List<String> themes,
        Map<String, Integer> textLengths) {

    public EntryFacts {
        themes = themes == null ? List.of() : List.copyOf(themes);
        textLengths = textLengths == null ? Map.of() : Map.copyOf(textLengths);
        metrics = metrics == null ? PracticeMetrics.NONE : metrics;
    }
}
