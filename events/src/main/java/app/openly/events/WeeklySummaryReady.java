package app.openly.events;

import java.util.Map;

/**
 * A person's week closed (in their zone) and its summary can be fetched or sent.
 *
 * @param week             ISO week, e.g. {@code 2026-W48}
 * @param daysPracticed    local days with at least one entry
 * @param entriesByPractice count of entries per practice
 */
public record WeeklySummaryReady(String week, String timeZone, int daysPracticed, Map<Practice, Integer> entriesByPractice)
        implements EventPayload {

    public WeeklySummaryReady {
        entriesByPractice = entriesByPractice == null ? Map.of() : Map.copyOf(entriesByPractice);
    }
}
