package app.openly.reminder.domain.delivery.logic;

import app.openly.reminder.domain.logic.Preferences;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The person's wishes, checked again just before a reminder is sent: it may have waited (a consumer backlog,
 * a retry loop) into quiet hours, or the person may have paused or reached the day's cap since it was planned.
 * Such a reminder is dropped, never sent late.
 */
public final class SendTimeRules {

    private SendTimeRules() {
    }

    /**
     * Why the reminder must not be sent at {@code now}, or empty.
     *
     * @param sentToday other reminders already delivered to the person on their local day of {@code now}
     */
    public static Optional<String> refusal(Preferences p, Instant now, int sentToday) {
        ZonedDateTime local = now.atZone(p.zone());
        if (p.pausedUntil() != null && !local.toLocalDate().isAfter(p.pausedUntil())) {
            return Optional.of("paused");
        }
        if (!p.days().contains(local.getDayOfWeek())) {
            return Optional.of("not a reminder day");
        }
        if (quiet(p.quietStart(), p.quietEnd(), local.toLocalTime())) {
            return Optional.of("quiet hours");
        }
        if (sentToday >= p.dailyCap()) {
            return Optional.of("daily cap reached");
        }
        return Optional.empty();
    }

    static boolean quiet(LocalTime start, LocalTime end, LocalTime t) {
        if (start == null || end == null || start.equals(end)) {
            return false;
        }
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }
}
