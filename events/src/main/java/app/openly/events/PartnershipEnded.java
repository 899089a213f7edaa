package app.openly.events;

import java.util.UUID;

/**
 * The person's ritual partnership ended (either of the two unpaired, or one was erased), published to
 * each of the two. Deliberately without a reason: the other person learns only that it ended.
 */
public record PartnershipEnded(UUID pairId) implements EventPayload {
}
