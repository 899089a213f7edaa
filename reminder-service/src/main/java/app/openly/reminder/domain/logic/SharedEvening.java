package app.openly.reminder.domain.logic;

import app.openly.events.Practice;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When two ritual partners are both in their evening on the same date, each in their own zone: the moments
 * inside both people's ritual windows and outside both people's quiet hours, and of those the one nearest to
 * both people's own times (their learned habits). Pure Java; DST is handled by working with real instants
 * (a local time a clock change skips is not a moment at all; an hour that happens twice counts once).
 * <p>
 * The choice is symmetric: computed for either partner from the same two sides it gives the same instant,
 * so both reminders come at one moment without the two people's schedules ever being planned together.
 */
public final class SharedEvening {

    /** Candidate moments are 5-minute marks: person-facing times, and every real zone offset is a multiple of 15 minutes. */
    static final int STEP_MINUTES = 5;

    /**
     * One person's side of the ritual.
     *
     * @param recentTimes local times of their recent ritual entries, newest first (what their habit is learned from)
     */
    public record Side(Preferences prefs, List<LocalTime> recentTimes) {
        public Side {
            recentTimes = List.copyOf(recentTimes);
        }

        Optional<Preferences.Window> window() {
            return Optional.ofNullable(prefs.windows().get(Practice.RITUAL_OF_OPENNESS));
        }
    }

    /** What the two evenings of one date come to. */
    public sealed interface Outcome {
    }

    /** Both are in their evening at {@code at}. */
    public record Together(Instant at) implements Outcome {
    }

    /** Both have a ritual window, but on this date no moment lies inside both (outside quiet hours). */
    public record NoOverlap() implements Outcome {
    }

    /** One of the two has no ritual window (has not chosen the practice): nothing to align. */
    public record NotApplicable() implements Outcome {
    }

    private SharedEvening() {
    }

    /** The shared moment of {@code date} (a local date each person reads in their own zone), if there is one. */
    public static Outcome of(Side one, Side other, LocalDate date) {
        Optional<Preferences.Window> oneWindow = one.window();
        Optional<Preferences.Window> otherWindow = other.window();
        if (oneWindow.isEmpty() || otherWindow.isEmpty()) {
            return new NotApplicable();
        }
        List<Instant> shared = moments(one.prefs(), oneWindow.get(), date).stream()
                .filter(moment -> inEvening(other.prefs(), otherWindow.get(), date, moment))
                .toList();
        if (shared.isEmpty()) {
            return new NoOverlap();
        }
        Optional<Instant> oneOwn = ownTime(one, oneWindow.get(), date);
        Optional<Instant> otherOwn = ownTime(other, otherWindow.get(), date);
        if (oneOwn.isEmpty() || otherOwn.isEmpty()) {
            return new Together(shared.get(0));
        }
        // Nearest to both habits: the smaller of the two distances first (nobody moves far), then the sum, then the earlier.
        Comparator<Instant> nearest = Comparator
                .comparing((Instant m) -> max(distance(m, oneOwn.get()), distance(m, otherOwn.get())))
                .thenComparing(m -> distance(m, oneOwn.get()).plus(distance(m, otherOwn.get())))
                .thenComparing(m -> m);
        return new Together(shared.stream().min(nearest).orElseThrow());
    }

    /** The time the person would be reminded at on their own: their habit inside their window, outside quiet hours. */
    static Optional<Instant> ownTime(Side side, Preferences.Window window, LocalDate date) {
        return alone(side, date).map(ReminderPlanner.Planned::at);
    }

    /**
     * The person's ritual reminder of {@code date} as they would have it without a partner (time and reason), as
     * their own planner makes it; empty without a ritual window or when the window lies wholly in quiet hours.
     */
    public static Optional<ReminderPlanner.Planned> alone(Side side, LocalDate date) {
        return alone(side, date, app.openly.platform.i18n.Languages.DEFAULT);
    }

    /** {@link #alone(Side, LocalDate)} with its reason worded in {@code language} (the person's own). */
    public static Optional<ReminderPlanner.Planned> alone(Side side, LocalDate date, java.util.Locale language) {
        var state = new ReminderPlanner.PracticeState(side.recentTimes(), Set.of(), 0);
        return side.window().flatMap(window -> ReminderPlanner.plan(side.prefs(), Practice.RITUAL_OF_OPENNESS, window, state, date, language));
    }

    /** Every 5-minute mark of the window on {@code date} that exists in the person's zone and is not in their quiet hours. */
    static List<Instant> moments(Preferences prefs, Preferences.Window window, LocalDate date) {
        int first = (window.start().toSecondOfDay() / 60 + STEP_MINUTES - 1) / STEP_MINUTES * STEP_MINUTES;
        int last = window.end().toSecondOfDay() / 60;
        java.util.ArrayList<Instant> moments = new java.util.ArrayList<>();
        for (int minute = first; minute <= last && minute < 24 * 60; minute += STEP_MINUTES) {
            LocalTime time = LocalTime.of(minute / 60, minute % 60);
            ZonedDateTime at = ZonedDateTime.ofLocal(LocalDateTime.of(date, time), prefs.zone(), null);
            if (at.toLocalTime().equals(time) && !prefs.quiet(time)) {
                moments.add(at.toInstant()); // a time skipped by a clock change is no moment
            }
        }
        return moments.stream().distinct().toList();
    }

    /** Whether {@code moment} is, for this person, inside their window on {@code date} and outside their quiet hours. */
    static boolean inEvening(Preferences prefs, Preferences.Window window, LocalDate date, Instant moment) {
        ZonedDateTime local = moment.atZone(prefs.zone());
        // An hour that happens twice counts at its first occurrence only, as in moments(): the choice stays symmetric.
        boolean firstOccurrence = ZonedDateTime.ofLocal(local.toLocalDateTime(), prefs.zone(), null).toInstant().equals(moment);
        return firstOccurrence && local.toLocalDate().equals(date) && window.contains(local.toLocalTime()) && !prefs.quiet(local.toLocalTime());
    }

    private static Duration distance(Instant a, Instant b) {
        return Duration.between(a, b).abs();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
