package app.openly.insights.domain.logic;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;

/**
 * Gentle streaks in local days. A missed day is forgiven when it is the only one (by default) in the
 * last 7 days; paused days (vacation, "not applicable") neither count nor break; today never breaks a
 * streak because today is not over. Plain Java, no clock: "today" is an argument.
 * <p>
 * The strength score follows Loop Habit Tracker's published model for a daily habit:
 * {@code m = 0.5^(sqrt(freq)/13)}, {@code score = prev·m + done·(1−m)}, shown as 0–100.
 * <p>
 * The calculation is a state machine over days, so a stored {@link State} can be carried forward to a
 * later "today" without reading history again: the read path stays O(1) in history.
 */
public final class StreakCalculator {

    /** Loop's multiplier for a daily habit (freq = 1). */
    public static final double DAILY_MULTIPLIER = Math.pow(0.5, Math.sqrt(1.0) / 13.0);
    static final int WINDOW_DAYS = 7;

    private final int forgivenMissesPerWindow;

    public StreakCalculator(int forgivenMissesPerWindow) {
        if (forgivenMissesPerWindow < 0 || forgivenMissesPerWindow >= WINDOW_DAYS) {
            throw new IllegalArgumentException("forgiven misses per 7 days must be 0..6");
        }
        this.forgivenMissesPerWindow = forgivenMissesPerWindow;
    }

    /**
     * Everything needed to continue: every day before {@code nextDay} has been processed.
     *
     * @param recentMisses forgiven missed days of the current run within the last 7 days
     */
    public record State(int current, int longest, double score, List<LocalDate> recentMisses, LocalDate nextDay,
                        LocalDate lastPracticed) {

        public static State empty() {
            return new State(0, 0, 0, List.of(), null, null);
        }

        public int scorePercent() {
            return (int) Math.round(score * 100);
        }
    }

    /** The streak of {@code practiced} as of {@code today}, from scratch. */
    public State compute(NavigableSet<LocalDate> practiced, Set<LocalDate> paused, LocalDate today) {
        return advance(State.empty(), practiced, paused, today);
    }

    /**
     * Carries {@code state} forward through {@code today}. {@code practiced} must hold every practised
     * day from {@code state.nextDay()} on (none, when carrying a stored state forward on a read).
     */
    public State advance(State state, NavigableSet<LocalDate> practiced, Set<LocalDate> paused, LocalDate today) {
        LocalDate day = state.nextDay() != null ? state.nextDay() : practiced.isEmpty() ? null : practiced.first();
        if (day == null) {
            return state;
        }
        int current = state.current();
        int longest = state.longest();
        double score = state.score();
        LocalDate lastPracticed = state.lastPracticed();
        List<LocalDate> misses = new ArrayList<>(state.recentMisses());
        while (!day.isAfter(today)) {
            if (current == 0 && practiced.ceiling(day) == null) {
                // Nothing more to count: the rest is plain decay, in closed form (paused days rest the score).
                LocalDate from = day;
                long restDays = ChronoUnit.DAYS.between(from, today);
                long pausedDays = paused.stream().filter(p -> !p.isBefore(from) && p.isBefore(today)).count();
                score *= Math.pow(DAILY_MULTIPLIER, restDays - pausedDays);
                misses.clear();
                day = today;
                break;
            }
            if (paused.contains(day)) {
                day = day.plusDays(1);
                continue;
            }
            if (practiced.contains(day)) {
                current++;
                longest = Math.max(longest, current);
                score = score * DAILY_MULTIPLIER + (1 - DAILY_MULTIPLIER);
                lastPracticed = day;
                day = day.plusDays(1);
                continue;
            }
            if (day.equals(today)) {
                break; // the day is not over: it is processed on a later call
            }
            score *= DAILY_MULTIPLIER;
            LocalDate windowStart = day.minusDays(WINDOW_DAYS - 1L);
            misses.removeIf(m -> m.isBefore(windowStart));
            misses.add(day);
            if (current > 0 && misses.size() > forgivenMissesPerWindow) {
                current = 0; // a pause in the rhythm, not a failure: the next practised day starts a new run
                misses.clear();
            } else if (current == 0) {
                misses.clear();
            }
            day = day.plusDays(1);
        }
        return new State(current, longest, score, List.copyOf(misses), day, lastPracticed);
    }
}
