package app.openly.insights.logic;

import app.openly.insights.domain.logic.IsoWeeks;
import app.openly.insights.domain.logic.StreakCalculator;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreakCalculatorTest {

    private final StreakCalculator oneGraceDay = new StreakCalculator(1);
    private static final LocalDate D = LocalDate.parse("2026-11-02"); // a Monday

    private static TreeSet<LocalDate> days(int... offsets) {
        TreeSet<LocalDate> set = new TreeSet<>();
        for (int o : offsets) {
            set.add(D.plusDays(o));
        }
        return set;
    }

    @Test
    void consecutiveDaysMakeAStreak() {
        var s = oneGraceDay.compute(days(0, 1, 2, 3), Set.of(), D.plusDays(3));
        assertEquals(4, s.current());
        assertEquals(4, s.longest());
    }

    @Test
    void oneMissedDayInSevenIsForgiven() {
        var s = oneGraceDay.compute(days(0, 1, 3, 4), Set.of(), D.plusDays(4));
        assertEquals(4, s.current(), "the missed day neither counts nor breaks");
    }

    @Test
    void twoMissedDaysWithinSevenBreakTheStreak() {
        var s = oneGraceDay.compute(days(0, 1, 3, 5, 6), Set.of(), D.plusDays(6));
        assertEquals(2, s.current());
        assertEquals(3, s.longest());
    }

    @Test
    void missesFurtherApartThanSevenDaysAreEachForgiven() {
        var s = oneGraceDay.compute(days(0, 1, 3, 4, 5, 6, 7, 8, 9, 11, 12), Set.of(), D.plusDays(12));
        assertEquals(11, s.current());
    }

    @Test
    void twoConsecutiveMissedDaysBreak() {
        var s = oneGraceDay.compute(days(0, 1, 2, 5), Set.of(), D.plusDays(5));
        assertEquals(1, s.current());
        assertEquals(3, s.longest());
    }

    @Test
    void todayIsNotOverSoItNeverBreaks() {
        assertEquals(3, oneGraceDay.compute(days(0, 1, 2), Set.of(), D.plusDays(3)).current());
        assertEquals(3, oneGraceDay.compute(days(0, 1, 2), Set.of(), D.plusDays(4)).current(),
                "yesterday missed is the one grace day");
        var threeDaysLater = oneGraceDay.compute(days(0, 1, 2), Set.of(), D.plusDays(5));
        assertEquals(0, threeDaysLater.current());
        assertEquals(3, threeDaysLater.longest());
    }

    @Test
    void pausedDaysNeitherCountNorBreak() {
        Set<LocalDate> vacation = Stream.of(3, 4, 5, 6, 7).map(D::plusDays).collect(Collectors.toSet());
        assertEquals(5, oneGraceDay.compute(days(0, 1, 2, 8, 9), vacation, D.plusDays(9)).current());
    }

    @Test
    void withoutGraceAnyMissBreaks() {
        assertEquals(1, new StreakCalculator(0).compute(days(0, 1, 3), Set.of(), D.plusDays(3)).current());
    }

    @Test
    void strengthScoreRisesWithPracticeAndDecaysSlowly() {
        TreeSet<LocalDate> month = new TreeSet<>();
        for (int i = 0; i < 30; i++) {
            month.add(D.plusDays(i));
        }
        var after30 = oneGraceDay.compute(month, Set.of(), D.plusDays(29));
        // 1 - m^30 with m = 0.5^(1/13)
        assertEquals(1 - Math.pow(StreakCalculator.DAILY_MULTIPLIER, 30), after30.score(), 1e-9);
        assertEquals(80, after30.scorePercent());
        var weekOff = oneGraceDay.compute(month, Set.of(), D.plusDays(37));
        assertTrue(weekOff.score() < after30.score());
        assertTrue(weekOff.score() > after30.score() * 0.6, "a week away costs a little, not everything");
    }

    @Test
    void aStoredStateCarriedForwardEqualsAFullRecomputation() {
        TreeSet<LocalDate> practiced = days(0, 1, 2, 4, 5, 6, 7, 9, 10);
        Set<LocalDate> paused = Set.of(D.plusDays(13));
        for (int stop = 0; stop <= 10; stop++) {
            var stored = oneGraceDay.compute(practiced.headSet(D.plusDays(stop), true), paused, D.plusDays(stop));
            for (int later = stop; later <= 25; later++) {
                var carried = oneGraceDay.advance(stored, practiced.tailSet(D.plusDays(stop), false), paused, D.plusDays(later));
                var full = oneGraceDay.compute(practiced.headSet(D.plusDays(later), true), paused, D.plusDays(later));
                if (later >= 10) {
                    assertEquals(full.current(), carried.current(), "stop " + stop + " later " + later);
                    assertEquals(full.longest(), carried.longest());
                    assertEquals(full.score(), carried.score(), 1e-12);
                }
            }
        }
    }

    @Test
    void graceIsConfigurableButSane() {
        assertThrows(IllegalArgumentException.class, () -> new StreakCalculator(7));
        assertThrows(IllegalArgumentException.class, () -> new StreakCalculator(-1));
    }

    @Test
    void isoWeeksIncludingWeek53AndYearBoundaries() {
        assertEquals("2026-W48", IsoWeeks.of(LocalDate.parse("2026-11-25")));
        assertEquals(LocalDate.parse("2026-11-23"), IsoWeeks.parse("2026-W48"));
        assertEquals("2026-W53", IsoWeeks.of(LocalDate.parse("2027-01-01")), "2026 has 53 ISO weeks");
        assertEquals(LocalDate.parse("2026-12-28"), IsoWeeks.parse("2026-W53"));
        assertEquals("2027-W01", IsoWeeks.of(LocalDate.parse("2027-01-04")));
        assertEquals("2025-W01", IsoWeeks.of(LocalDate.parse("2024-12-30")));
        assertThrows(DateTimeParseException.class, () -> IsoWeeks.parse("2027-W53"));
        assertThrows(DateTimeParseException.class, () -> IsoWeeks.parse("2026-48"));
        assertThrows(DateTimeParseException.class, () -> IsoWeeks.parse("2026-W00"));
    }
}
