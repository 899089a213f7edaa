package app.openly.events;

import java.util.List;
import java.util.Map;

/**
 * A person's week closed (in their zone) and its summary can be fetched or sent.
 *
 * @param week              ISO week, e.g. {@code 2026-W48}
 * @param daysPracticed     local days with at least one entry
 * @param entriesByPractice count of entries per practice
 * @param streaks           each practice's streak as the week closed (added for the weekly letter; empty from older producers)
 * @param graceDaysPerWeek  missed days a week a streak forgives (0 from older producers)
 */
public record WeeklySummaryReady(String week, String timeZone, int daysPracticed, Map<Practice, Integer> entriesByPractice,
                                 List<PracticeStreak> streaks, int graceDaysPerWeek)
        implements EventPayload {

    /** A practice's streak: local days in a row (grace days included), and the longest so far. */
    public record PracticeStreak(Practice practice, int currentDays, int longestDays) {
    }

    public WeeklySummaryReady {
        entriesByPractice = entriesByPractice == null ? Map.of() : Map.copyOf(entriesByPractice);
        streaks = streaks == null ? List.of() : List.copyOf(streaks);
    }

    public WeeklySummaryReady(String week, String timeZone, int daysPracticed, Map<Practice, Integer> entriesByPractice) {
        this(week, timeZone, daysPracticed, entriesByPractice, List.of(), 0);
    }
}
