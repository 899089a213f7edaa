package app.openly.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every event travels in.
 *
 * @param eventId       unique per event; consumers deduplicate on it
 * @param type          wire name of the payload type, see {@link EventType}
 * @param schemaVersion version of the payload schema
 * @param occurredAt    when the fact happened (for entry events: when it was committed)
 * @param userId        the person (JWT {@code sub}); also the Kafka key
 * @param orgId         the person's organization, or {@code null}
 * @param payload       the typed payload
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String userId,
        String orgId,
        EventPayload payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(payload, "payload");
        if (!EventType.of(payload).wireName().equals(type)) {
            throw new IllegalArgumentException("type " + type + " does not match payload " + payload.getClass().getSimpleName());
        }
    }

    /** A new envelope for {@code payload}, with its type and current schema version filled in. */
    public static EventEnvelope of(UUID eventId, Instant occurredAt, String userId, String orgId, EventPayload payload) {
        EventType type = EventType.of(payload);
        return new EventEnvelope(eventId, type.wireName(), type.schemaVersion(), occurredAt, userId, orgId, payload);
    }

    public EventType eventType() {
        return EventType.of(payload);
    }
}
