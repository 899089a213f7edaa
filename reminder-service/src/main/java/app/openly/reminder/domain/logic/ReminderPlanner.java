package app.openly.reminder.domain.logic;

import app.openly.events.Practice;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides when to remind a person of each practice: toward the time they actually practise, inside the
 * window they chose, outside quiet hours, never for a practice already done that local day, at most
 * {@code dailyCap} a day, less often after reminders were dismissed or ignored ({@link BackOff}), and all in the
 * person's zone with DST handled (a time that does not exist moves forward; an ambiguous one fires once,
 * at its first occurrence). Pure Java: "now" is an argument.
 */
public final class ReminderPlanner {

    /**
     * @param recentTimes        local times of recent entries of the practice, newest first
     * @param doneDays           local days on which the practice was recorded (at least the recent ones)
     * @param unansweredInARow   reminders dismissed or ignored in a row since the last entry or "opened"
     */
    public record PracticeState(List<LocalTime> recentTimes, Set<LocalDate> doneDays, int unansweredInARow) {
        public static PracticeState fresh() {
            return new PracticeState(List.of(), Set.of(), 0);
        }
    }

    /**
     * @param reasonCodes what {@code reason} says, as stable codes in the same order ({@link ReasonCode}), for clients
     *                    that word it themselves
     */
    public record Planned(Practice practice, LocalDate localDate, LocalTime localTime, Instant at, String reason, String message,
                          List<ReasonCode> reasonCodes) {
        public Planned {
            reasonCodes = List.copyOf(reasonCodes);
        }

        /** The same reminder, one more sentence (and its code) added to the reason. */
        public Planned plusReason(String sentence, ReasonCode code) {
            List<ReasonCode> codes = new java.util.ArrayList<>(reasonCodes);
            codes.add(code);
            return new Planned(practice, localDate, localTime, at, reason + " " + sentence, message, codes);
        }
    }

    /** Why a reminder comes when it does: one code per sentence of its reason. */
    public enum ReasonCode {
        WINDOW_START, LEARNED_INSIDE, LEARNED_OUTSIDE, QUIET_HOURS, CLOCK_CHANGE, CATCH_UP, SNOOZED, SHARED_EVENING, NO_SHARED_EVENING
    }

    private ReminderPlanner() {
    }

    /** Reminders from {@code now} over the next {@code days} local days, earliest first. */
    public static List<Planned> upcoming(Preferences prefs, Map<Practice, PracticeState> states, Instant now, int days) {
        return upcoming(prefs, states, now, days, Map.of());
    }

    /** Reminders in English; see {@link #upcoming(Preferences, Map, Instant, int, Map, Locale)}. */
    public static List<Planned> upcoming(Preferences prefs, Map<Practice, PracticeState> states, Instant now, int days,
                                         Map<LocalDate, Set<Practice>> taken) {
        return upcoming(prefs, states, now, days, taken, Locale.ENGLISH);
    }

    /**
     * Reminders from {@code now} over the next {@code days} local days, earliest first.
     *
     * @param taken per local day, the practices that already had their reminder that day (sent, or snoozed
     *              to later): they are not planned again and count towards the daily cap
     * @param locale the person's language: the message and the reason are worded (and times written) in it
     */
    public static List<Planned> upcoming(Preferences prefs, Map<Practice, PracticeState> states, Instant now, int days,
                                         Map<LocalDate, Set<Practice>> taken, Locale locale) {
        LocalDate today = now.atZone(prefs.zone()).toLocalDate();
        List<Planned> result = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            LocalDate date = today.plusDays(d);
            if (!prefs.remindsOn(date)) {
                continue;
            }
            Set<Practice> takenThatDay = taken.getOrDefault(date, Set.of());
            List<Planned> ofDay = new ArrayList<>();
            for (var entry : prefs.windows().entrySet()) {
                Practice practice = entry.getKey();
                if (takenThatDay.contains(practice)) {
                    continue;
                }
                PracticeState state = states.getOrDefault(practice, PracticeState.fresh());
                Optional<Planned> planned = plan(prefs, practice, entry.getValue(), state, date, locale);
                if (planned.isPresent() && !planned.get().at().isAfter(now)) {
                    planned = catchUp(prefs, planned.get(), entry.getValue(), now, locale);
                }
                planned.ifPresent(ofDay::add);
            }
            // Within the cap, practices the person actually keeps come first, then the earliest.
            ofDay.sort(Comparator.comparing((Planned p) -> states.getOrDefault(p.practice(), PracticeState.fresh()).recentTimes().isEmpty())
                    .thenComparing(Planned::at).thenComparing(Planned::practice));
            int room = Math.max(0, prefs.dailyCap() - takenThatDay.size());
            List<Planned> kept = new ArrayList<>(ofDay.subList(0, Math.min(room, ofDay.size())));
            kept.sort(Comparator.comparing(Planned::at).thenComparing(Planned::practice));
            result.addAll(kept);
        }
        return result;
    }

    /**
     * The day's time has passed but the window is still open (the person changed their preferences, or
     * deleted today's entry): a little later, while the window lasts and outside quiet hours.
     */
    static Optional<Planned> catchUp(Preferences prefs, Planned missed, Preferences.Window window, Instant now, Locale locale) {
        ZonedDateTime local = now.atZone(prefs.zone());
        if (!local.toLocalDate().equals(missed.localDate())) {
            return Optional.empty();
        }
        int minute = local.getHour() * 60 + local.getMinute();
        int later = (minute / 5 + 2) * 5; // the next 5-minute mark at least 5 minutes away
        if (later >= 24 * 60) {
            return Optional.empty();
        }
        LocalTime time = LocalTime.of(later / 60, later % 60);
        if (!window.contains(time) || prefs.quiet(time)) {
            return Optional.empty();
        }
        ZonedDateTime at = ZonedDateTime.ofLocal(LocalDateTime.of(missed.localDate(), time), prefs.zone(), null);
        if (!at.toInstant().isAfter(now)) {
            return Optional.empty();
        }
        String reason = Messages.text(locale, "reason.catch-up", Messages.time(window.end(), locale), Messages.time(at.toLocalTime(), locale));
        return Optional.of(new Planned(missed.practice(), missed.localDate(), at.toLocalTime(), at.toInstant(), reason, missed.message(),
                List.of(ReasonCode.CATCH_UP)));
    }

    /** The reminder of one practice on one local day, if there is one. */
    static Optional<Planned> plan(Preferences prefs, Practice practice, Preferences.Window window, PracticeState state, LocalDate date,
                                  Locale locale) {
        if (state.doneDays().contains(date) || !BackOff.allows(state.unansweredInARow(), date)) {
            return Optional.empty();
        }
        LocalTime time = window.start();
        String reason = Messages.text(locale, "reason.window-start", Messages.time(window.start(), locale));
        List<ReasonCode> codes = new java.util.ArrayList<>(List.of(ReasonCode.WINDOW_START));
        Optional<LocalTime> learned = LearnedTime.of(state.recentTimes());
        if (learned.isPresent() && !learned.get().equals(window.start())) {
            LocalTime habit = learned.get();
            if (window.contains(habit)) {
                time = habit;
                reason = Messages.text(locale, "reason.learned-inside", Messages.time(habit, locale), Messages.time(window.start(), locale));
                codes = new java.util.ArrayList<>(List.of(ReasonCode.LEARNED_INSIDE));
            } else {
                time = distance(habit, window.start()) <= distance(habit, window.end()) ? window.start() : window.end();
                reason = Messages.text(locale, "reason.learned-outside", Messages.time(habit, locale), Messages.time(time, locale));
                codes = new java.util.ArrayList<>(List.of(ReasonCode.LEARNED_OUTSIDE));
            }
        }
        if (prefs.quiet(time)) {
            LocalTime before = prefs.quietStart().minusMinutes(15);
            if (window.contains(prefs.quietEnd()) && prefs.quietEnd().isAfter(time)) {
                time = prefs.quietEnd();
            } else if (window.contains(before) && !prefs.quiet(before)) {
                time = before;
            } else {
                return Optional.empty(); // the whole window lies in quiet hours: stay quiet
            }
            reason = reason + " " + Messages.text(locale, "reason.quiet-hours", Messages.time(time, locale));
            codes.add(ReasonCode.QUIET_HOURS);
        }
        // Gap: Java moves a nonexistent local time forward by the gap's length. Overlap: the earlier
        // offset, so the reminder fires once, at the first occurrence.
        ZonedDateTime at = ZonedDateTime.ofLocal(LocalDateTime.of(date, time), prefs.zone(), null);
        if (!at.toLocalTime().equals(time)) {
            reason = reason + " " + Messages.text(locale, "reason.clock-change", Messages.time(time, locale), Messages.time(at.toLocalTime(), locale));
            codes.add(ReasonCode.CLOCK_CHANGE);
        }
        return Optional.of(new Planned(practice, date, at.toLocalTime(), at.toInstant(), reason, Messages.message(practice, locale), codes));
    }

    private static long distance(LocalTime a, LocalTime b) {
        long d = Math.abs(a.toSecondOfDay() - b.toSecondOfDay());
        return Math.min(d, 24 * 3600 - d);
    }
}
