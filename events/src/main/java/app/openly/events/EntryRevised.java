package app.openly.events;

import java.time.LocalDate;

/**
 * An entry was edited; {@code entry} is its full new state (a higher version).
 *
 * @param previousLocalDate the local date before the edit, so consumers can move the entry between days
 */
public record EntryRevised(EntryFacts entry, LocalDate previousLocalDate) implements EventPayload {
}
