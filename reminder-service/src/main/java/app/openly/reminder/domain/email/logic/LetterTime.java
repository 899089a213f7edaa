package app.openly.reminder.domain.email.logic;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * When a week's letter arrives: on the chosen day and local time of the week after it closed (default Monday
 * 08:00 in the person's zone), after quiet hours if the time falls in them, after a pause if the person paused;
 * and not at all if the pause lasts the whole following week (the next letter comes then). Pure Java.
 */
public final class LetterTime {

    private LetterTime() {
    }

    /**
     * @param closedWeekMonday the Monday of the week the letter is about
     * @param quietStart       start of quiet hours or null (may wrap past midnight)
     * @param pausedUntil      no letters up to and including this local date, or null
     */
    public static Optional<Instant> sendAt(LocalDate closedWeekMonday, ZoneId zone, DayOfWeek day, LocalTime time,
                                           LocalTime quietStart, LocalTime quietEnd, LocalDate pausedUntil) {
        LocalDate followingMonday = closedWeekMonday.plusWeeks(1);
        LocalDate date = followingMonday.with(TemporalAdjusters.nextOrSame(day));
        if (pausedUntil != null && !date.isAfter(pausedUntil)) {
            date = pausedUntil.plusDays(1);
            if (date.isAfter(followingMonday.plusDays(6))) {
                return Optional.empty();
            }
        }
        LocalTime at = quiet(time, quietStart, quietEnd) ? quietEnd : time;
        // A time that does not exist that day (clocks change) moves forward by the gap; an ambiguous one is the first.
        return Optional.of(ZonedDateTime.ofLocal(LocalDateTime.of(date, at), zone, null).toInstant());
    }

    /** Whether {@code t} lies in quiet hours {@code [start, end)}, which may wrap past midnight. */
    public static boolean quiet(LocalTime t, LocalTime start, LocalTime end) {
        if (start == null || end == null || start.equals(end)) {
            return false;
        }
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }
}
