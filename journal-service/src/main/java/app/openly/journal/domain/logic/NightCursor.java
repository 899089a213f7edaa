package app.openly.journal.domain.logic;

import app.openly.journal.domain.JournalException;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;

/** A position in the ritual history, opaque to clients: the next page has the nights before this one. Pure. */
public record NightCursor(LocalDate before) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("night|" + before).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws JournalException.InvalidField naming {@code cursor} when it is not one of ours */
    public static NightCursor parse(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith("night|")) {
                throw new IllegalArgumentException();
            }
            return new NightCursor(LocalDate.parse(raw.substring("night|".length())));
        } catch (RuntimeException e) {
            throw new JournalException.InvalidField("cursor", "is not a cursor from a previous page");
        }
    }
}
