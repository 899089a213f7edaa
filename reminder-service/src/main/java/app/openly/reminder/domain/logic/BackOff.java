package app.openly.reminder.domain.logic;

import java.time.LocalDate;

/**
 * Fewer reminders after several went unanswered (dismissed or ignored in a row since the last entry or "opened"):
 * every other day from 2, every third from 4, none from {@link #STOP_AFTER}. Pure; {@link ReminderPlanner} asks it.
 */
public final class BackOff {

    /** After this many dismissed or ignored reminders in a row, a practice rests until the person returns. */
    public static final int STOP_AFTER = 6;

    private BackOff() {
    }

    /** Whether a practice with {@code unansweredInARow} unanswered reminders may be reminded of on {@code date}. */
    static boolean allows(int unansweredInARow, LocalDate date) {
        if (unansweredInARow >= STOP_AFTER) {
            return false;
        }
        if (unansweredInARow >= 4) {
            return date.toEpochDay() % 3 == 0;
        }
        if (unansweredInARow >= 2) {
            return date.toEpochDay() % 2 == 0;
        }
        return true;
    }
}
