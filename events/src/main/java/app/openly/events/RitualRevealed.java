package app.openly.events;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Both partners shared for {@code night}, so each now sees the other's ritual: published once per pair
 * and night to each of the two (a shared streak counts these nights).
 */
public record RitualRevealed(UUID pairId, LocalDate night) implements EventPayload {
}
