package app.openly.journal.domain.logic;

import app.openly.journal.domain.JournalException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A pagination position, opaque to clients: the sort key (an instant) and id of the last item returned.
 * Pure.
 */
public record EntryCursor(Instant at, UUID id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws JournalException.InvalidField naming {@code cursor} when it is not one of ours */
    public static EntryCursor parse(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new EntryCursor(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw new JournalException.InvalidField("cursor", "is not a cursor from a previous page");
        }
    }
}
