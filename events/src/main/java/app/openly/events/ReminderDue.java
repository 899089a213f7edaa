package app.openly.events;

import java.time.Instant;
import java.time.LocalTime;
import java.util.UUID;

/**
 * A reminder fell due; a push gateway delivers it. The message is one of the service's templates,
 * never anything the person wrote.
 */
public record ReminderDue(
        UUID reminderId,
        Practice practice,
        Instant dueAt,
        LocalTime localTime,
        String timeZone,
        String message,
        String reason) implements EventPayload {
}
