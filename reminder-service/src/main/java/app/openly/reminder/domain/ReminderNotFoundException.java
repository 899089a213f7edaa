package app.openly.reminder.domain;

import java.util.UUID;

/** No reminder with that id belongs to the person (another person's reminder is "not found" too). */
public class ReminderNotFoundException extends RuntimeException {

    public ReminderNotFoundException(UUID reminderId) {
        super("no reminder " + reminderId + " of this person", null, false, false);
    }
}
