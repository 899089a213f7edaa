package app.openly.events;

import java.util.UUID;

/**
 * The person (the envelope's user) and {@code partnerUserId} became ritual partners. Published once to
 * each of the two, keyed by that person. Carries ids only: never a display name.
 *
 * @param pairId        the partnership; later ritual events name it
 * @param partnerUserId the other person's id (JWT {@code sub})
 */
public record PartnershipFormed(UUID pairId, String partnerUserId) implements EventPayload {
}
