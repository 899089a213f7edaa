package app.openly.events;

import java.time.LocalDate;
import java.util.UUID;

/**
 * An entry was deleted.
 *
 * @param version the version the deletion represents (last version + 1)
 */
public record EntryDeleted(UUID entryId, long version, Practice practice, LocalDate localDate, String timeZone)
        implements EventPayload {
}
