package app.openly.reminder.domain.logic;

import app.openly.events.Practice;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What a person chose: which practices to be reminded of and when, quiet hours, a daily cap and a pause.
 *
 * @param windows     per enabled practice, the local window reminders may fall in (start before end)
 * @param days        days of the week reminders may come
 * @param quietStart  start of quiet hours (may wrap past midnight, e.g. 22:30–07:00)
 * @param dailyCap    reminders a day in all
 * @param pausedUntil no reminders up to and including this local date (vacation), or null
 */
public record Preferences(ZoneId zone, Map<Practice, Window> windows, Set<DayOfWeek> days, LocalTime quietStart,
                          LocalTime quietEnd, int dailyCap, LocalDate pausedUntil) {

    public record Window(LocalTime start, LocalTime end) {
        public Window {
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("a window starts before it ends");
            }
        }

        boolean contains(LocalTime t) {
            return !t.isBefore(start) && !t.isAfter(end);
        }
    }

    public Preferences {
        windows = Map.copyOf(windows);
        days = days.isEmpty() ? Set.of() : EnumSet.copyOf(days);
        if (dailyCap < 0 || dailyCap > 10) {
            throw new IllegalArgumentException("dailyCap must be 0..10");
        }
    }

    /**
     * A sensible window for each practice: offered when a person chooses a practice, and given to a practice
     * the person records before choosing a time for it.
     */
    public static Map<Practice, Window> suggestedWindows() {
        Map<Practice, Window> w = new EnumMap<>(Practice.class);
        w.put(Practice.BODY_ANCHOR, new Window(LocalTime.of(7, 30), LocalTime.of(9, 30)));
        w.put(Practice.HONEST_SENTENCE, new Window(LocalTime.of(12, 0), LocalTime.of(18, 0)));
        w.put(Practice.PRESENT_LISTENING, new Window(LocalTime.of(17, 0), LocalTime.of(20, 0)));
        w.put(Practice.INNER_CRITIC_REFRAME, new Window(LocalTime.of(15, 0), LocalTime.of(19, 0)));
        w.put(Practice.RITUAL_OF_OPENNESS, new Window(LocalTime.of(21, 0), LocalTime.of(22, 30)));
        return w;
    }

    /** Every practice at its suggested time, 2 a day, quiet 22:30–07:30. */
    public static Preferences defaults(ZoneId zone) {
        return new Preferences(zone, suggestedWindows(), EnumSet.allOf(DayOfWeek.class), LocalTime.of(22, 30), LocalTime.of(7, 30), 2, null);
    }

    /**
     * Where a new person starts: the gentle defaults but no practice yet. Reminders are never forced: a
     * practice reminds only once the person chooses it or records it.
     */
    public static Preferences noneChosen(ZoneId zone) {
        return defaults(zone).withWindows(Map.of());
    }

    public Preferences withWindows(Map<Practice, Window> newWindows) {
        return new Preferences(zone, newWindows, days, quietStart, quietEnd, dailyCap, pausedUntil);
    }

    /** Whether reminders may come on this local date at all: not paused, and one of the chosen days. */
    public boolean remindsOn(LocalDate date) {
        return (pausedUntil == null || date.isAfter(pausedUntil)) && days.contains(date.getDayOfWeek());
    }

    /** Whether this practice may be reminded of on this local date. */
    public boolean remindsOf(Practice practice, LocalDate date) {
        return windows.containsKey(practice) && remindsOn(date);
    }

    boolean quiet(LocalTime t) {
        if (quietStart == null || quietEnd == null || quietStart.equals(quietEnd)) {
            return false;
        }
        return quietStart.isBefore(quietEnd)
                ? !t.isBefore(quietStart) && t.isBefore(quietEnd)
                : !t.isBefore(quietStart) || t.isBefore(quietEnd);
    }
}
