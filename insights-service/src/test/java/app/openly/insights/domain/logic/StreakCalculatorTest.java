package app.openly.insights.domain.logic;

import app.openly.insights.domain.logic.IsoWeeks;
import app.openly.insights.domain.logic.StreakCalculator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
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

    /*
     * The strength score's expected values are written from Loop Habit Tracker's definition for a daily habit,
     * not from StreakCalculator's constants: every day score' = score·m + done·(1 − m) with m = 0.5^(1/13), so
     * a day practised from zero gives 1 − m = 0.052, 30 perfect days give 1 − 0.5^(30/13) = 0.798 ("80"), and
     * without practice the score halves every 13 days (0.798 → 0.399) and loses 0.5^(7/13) over a week (→ 0.549).
     */
    @Test
    void strengthScoreFollowsLoopsDefinition() {
        TreeSet<LocalDate> month = new TreeSet<>();
        for (int i = 0; i < 30; i++) {
            month.add(D.plusDays(i));
        }
        assertEquals(0.052, oneGraceDay.compute(days(0), Set.of(), D).score(), 0.0005);
        var after30 = oneGraceDay.compute(month, Set.of(), D.plusDays(29));
        assertEquals(0.798, after30.score(), 0.0005);
        assertEquals(80, after30.scorePercent());
        // A week away (days 30..36 over, day 37 is today and not over yet) costs a little, not everything.
        assertEquals(0.549, oneGraceDay.compute(month, Set.of(), D.plusDays(37)).score(), 0.0005);
        // Thirteen days away halve it.
        assertEquals(0.399, oneGraceDay.compute(month, Set.of(), D.plusDays(43)).score(), 0.0005);
        // Paused days rest the score: a paused week costs nothing.
        Set<LocalDate> vacation = Stream.of(30, 31, 32, 33, 34, 35, 36).map(D::plusDays).collect(Collectors.toSet());
        assertEquals(0.798, oneGraceDay.compute(month, vacation, D.plusDays(37)).score(), 0.0005);
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

    /** The local day of an entry, as journal-service derives it: the instant seen in the entry's own zone. */
    private static LocalDate localDay(String instant, String zone) {
        return Instant.parse(instant).atZone(ZoneId.of(zone)).toLocalDate();
    }

    @Test
    void aPersonWhoChangesZoneKeepsEachEntrysOwnLocalDay() {
        TreeSet<LocalDate> practiced = new TreeSet<>();
        practiced.add(localDay("2026-11-02T12:00:00Z", "Asia/Tokyo"));          // Mon 21:00 in Tokyo
        practiced.add(localDay("2026-11-03T00:00:00Z", "Asia/Tokyo"));          // Tue 09:00 in Tokyo, then a flight east
        practiced.add(localDay("2026-11-04T05:00:00Z", "America/Los_Angeles")); // Tue 21:00 in Los Angeles: Tuesday again
        LocalDate tokyoTuesday = LocalDate.parse("2026-11-03");
        var stored = oneGraceDay.compute(practiced, Set.of(), tokyoTuesday);
        assertEquals(2, stored.current(), "two local days, however many hours lay between them");
        // Today in Los Angeles is behind the day Tokyo already reached: the stored state carries over unchanged.
        LocalDate laToday = localDay("2026-11-04T06:00:00Z", "America/Los_Angeles");
        assertEquals(tokyoTuesday, laToday);
        assertEquals(2, oneGraceDay.advance(stored, new TreeSet<>(), Set.of(), laToday).current());

        // Flying back over the date line, Wednesday passes in the air: it is the one forgiven miss.
        practiced.add(localDay("2026-11-05T12:00:00Z", "Asia/Tokyo"));          // Thu 21:00 in Tokyo
        var back = oneGraceDay.compute(practiced, Set.of(), localDay("2026-11-05T13:00:00Z", "Asia/Tokyo"));
        assertEquals(3, back.current());
        assertEquals(LocalDate.parse("2026-11-05"), back.lastPracticed());
    }

    @Test
    void weeksCloseAtLocalMidnightIntoMondayAcrossDstChanges() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 2026-W43 (Oct 19-25) ends on the night the clocks fall back: 169 hours, closing at 2026-10-25T23:00Z.
        assertEquals(Duration.ofHours(169), weekLength("2026-W43", berlin));
        assertEquals(LocalDate.parse("2026-10-12"), IsoWeeks.lastClosedWeek(Instant.parse("2026-10-25T22:59:59Z"), berlin));
        assertEquals(LocalDate.parse("2026-10-19"), IsoWeeks.lastClosedWeek(Instant.parse("2026-10-25T23:00:00Z"), berlin));
        // Both 02:30s of that night belong to Sunday the 25th, in week 43.
        var ambiguous = LocalDateTime.parse("2026-10-25T02:30").atZone(berlin);
        assertEquals("2026-W43", IsoWeeks.of(ambiguous.withEarlierOffsetAtOverlap().toLocalDate()));
        assertEquals("2026-W43", IsoWeeks.of(ambiguous.withLaterOffsetAtOverlap().toLocalDate()));

        ZoneId newYork = ZoneId.of("America/New_York");
        // Spring forward on Sunday 2026-03-08: week 10 has 167 hours and closes at Monday 00:00 EDT = 04:00Z.
        assertEquals(Duration.ofHours(167), weekLength("2026-W10", newYork));
        assertEquals(LocalDate.parse("2026-02-23"), IsoWeeks.lastClosedWeek(Instant.parse("2026-03-09T03:59:59Z"), newYork));
        assertEquals(LocalDate.parse("2026-03-02"), IsoWeeks.lastClosedWeek(Instant.parse("2026-03-09T04:00:00Z"), newYork));
        // Fall back on Sunday 2026-11-01: week 44 has 169 hours.
        assertEquals(Duration.ofHours(169), weekLength("2026-W44", newYork));

        // Lord Howe moves its clocks by 30 minutes (back on 2026-04-05): a week of 168.5 hours.
        assertEquals(Duration.ofMinutes(168 * 60 + 30), weekLength("2026-W14", ZoneId.of("Australia/Lord_Howe")));
        // Kathmandu (+05:45) and Kiritimati (+14, the first to close a week).
        assertEquals(LocalDate.parse("2026-11-23"), IsoWeeks.lastClosedWeek(Instant.parse("2026-11-29T18:15:00Z"), ZoneId.of("Asia/Kathmandu")));
        assertEquals(LocalDate.parse("2026-11-16"), IsoWeeks.lastClosedWeek(Instant.parse("2026-11-29T18:14:59Z"), ZoneId.of("Asia/Kathmandu")));
        assertEquals(LocalDate.parse("2026-11-23"), IsoWeeks.lastClosedWeek(Instant.parse("2026-11-29T10:00:00Z"), ZoneId.of("Pacific/Kiritimati")));
        assertEquals(LocalDate.parse("2026-11-16"), IsoWeeks.lastClosedWeek(Instant.parse("2026-11-29T10:00:00Z"), ZoneId.of("UTC")));
    }

    private static Duration weekLength(String week, ZoneId zone) {
        LocalDate monday = IsoWeeks.parse(week);
        return Duration.between(monday.atStartOfDay(zone), monday.plusWeeks(1).atStartOfDay(zone));
    }
}
