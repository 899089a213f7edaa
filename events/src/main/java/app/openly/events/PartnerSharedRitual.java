package app.openly.events;

import java.time.LocalDate;
import java.util.UUID;

/**
 * The person's partner shared a ritual entry for {@code night} (the first time that night), published
 * to the person who has not been told yet, keyed by them: e.g. for a gentle "your partner has written"
 * reminder. Never the text, never the entry.
 *
 * @param night the ritual night: a local date in the sharer's zone, whose day starts at 04:00
 */
public record PartnerSharedRitual(UUID pairId, LocalDate night) implements EventPayload {
}
