package app.openly.reminder.logic;

import app.openly.events.Practice;
import app.openly.reminder.domain.logic.Preferences;
import app.openly.reminder.domain.logic.SharedEvening;
import app.openly.reminder.domain.logic.SharedEvening.Side;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two partners' evenings across zones and clock changes: when both are in their ritual window. */
class SharedEveningTest {

    private static final String BERLIN = "Europe/Berlin";
    private static final String NEW_YORK = "America/New_York";
    private static final String KATHMANDU = "Asia/Kathmandu";

    private static Side side(String zone, String start, String end, String habit) {
        var prefs = new Preferences(ZoneId.of(zone), Map.of(Practice.RITUAL_OF_OPENNESS,
                new Preferences.Window(LocalTime.parse(start), LocalTime.parse(end))),
                EnumSet.allOf(DayOfWeek.class), LocalTime.of(23, 45), LocalTime.of(7, 0), 2, null);
        List<LocalTime> recent = habit == null ? List.of() : List.of(LocalTime.parse(habit), LocalTime.parse(habit), LocalTime.parse(habit));
        return new Side(prefs, recent);
    }

    private static Instant local(String zone, String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(ZoneId.of(zone)).toInstant();
    }

    /** The outcome for one partner, checked to be the same for the other (both reminders come at one moment). */
    private static SharedEvening.Outcome both(Side one, Side other, String date) {
        var outcome = SharedEvening.of(one, other, LocalDate.parse(date));
        assertEquals(outcome, SharedEvening.of(other, one, LocalDate.parse(date)), "the same moment for both partners");
        return outcome;
    }

    private static Instant together(Side one, Side other, String date) {
        return assertInstanceOf(SharedEvening.Together.class, both(one, other, date)).at();
    }

    @Test
    void berlinAndNewYorkMeetBetweenTheirHabits() {
        // Berlin 21:00–23:30 is New York 15:00–17:30 in November (6 hours apart).
        var berlin = side(BERLIN, "21:00", "23:30", "22:00");
        var newYork = side(NEW_YORK, "15:00", "18:00", "17:00");
        Instant at = together(berlin, newYork, "2026-11-24");
        // Berlin's habit is 22:00 (New York 16:00), New York's 17:00 (Berlin 23:00): halfway, for both.
        assertEquals(local(BERLIN, "2026-11-24T22:30"), at);
        assertEquals(LocalTime.of(16, 30), at.atZone(ZoneId.of(NEW_YORK)).toLocalTime());
    }

    @Test
    void theSuggestedEveningsOfBerlinAndNewYorkDoNotMeet() {
        var berlin = side(BERLIN, "21:00", "22:30", null);
        var newYork = side(NEW_YORK, "21:00", "22:30", null);
        assertInstanceOf(SharedEvening.NoOverlap.class, both(berlin, newYork, "2026-11-24"));
    }

    @Test
    void theWeeksBetweenTheAmericanAndTheEuropeanClockChangeBringTheEveningsAnHourCloser() {
        var berlin = side(BERLIN, "21:00", "22:30", null);
        var newYork = side(NEW_YORK, "17:00", "18:00", null);
        // 6 hours apart: New York 17:00–18:00 is Berlin 23:00–00:00.
        assertInstanceOf(SharedEvening.NoOverlap.class, both(berlin, newYork, "2027-03-10"));
        // New York moved its clocks on 14 March, Berlin only on 28 March: 5 hours apart, Berlin 22:00–23:00.
        Instant at = together(berlin, newYork, "2027-03-17");
        assertEquals(local(BERLIN, "2027-03-17T22:00"), at);
        assertEquals(LocalTime.of(17, 0), at.atZone(ZoneId.of(NEW_YORK)).toLocalTime());
        // Both on summer time: 6 hours apart again.
        assertInstanceOf(SharedEvening.NoOverlap.class, both(berlin, newYork, "2027-03-29"));
    }

    @Test
    void aLocalTimeTheClockChangeSkipsIsNeverChosen() {
        var owl = new Side(new Preferences(ZoneId.of(BERLIN), Map.of(Practice.RITUAL_OF_OPENNESS,
                new Preferences.Window(LocalTime.of(1, 0), LocalTime.of(3, 30))), EnumSet.allOf(DayOfWeek.class), null, null, 2, null),
                List.of(LocalTime.of(2, 15), LocalTime.of(2, 15), LocalTime.of(2, 15)));
        var london = new Side(new Preferences(ZoneId.of("Europe/London"), Map.of(Practice.RITUAL_OF_OPENNESS,
                new Preferences.Window(LocalTime.of(1, 0), LocalTime.of(2, 30))), EnumSet.allOf(DayOfWeek.class), null, null, 2, null),
                List.of());
        // On 28 March 2027 Berlin skips 02:00–03:00 and London skips 01:00–02:00 (both at 01:00 UTC).
        Instant at = together(owl, london, "2027-03-28");
        LocalTime inBerlin = at.atZone(ZoneId.of(BERLIN)).toLocalTime();
        assertTrue(!inBerlin.isBefore(LocalTime.of(3, 0)) && !inBerlin.isAfter(LocalTime.of(3, 30)), inBerlin.toString());
        LocalTime inLondon = at.atZone(ZoneId.of("Europe/London")).toLocalTime();
        assertTrue(!inLondon.isBefore(LocalTime.of(2, 0)) && !inLondon.isAfter(LocalTime.of(2, 30)), inLondon.toString());
    }

    @Test
    void kathmanduQuarterHourOffsetMeetsBerlinOnFiveMinuteMarks() {
        // Kathmandu is UTC+05:45: its 21:00–23:00 is Berlin 16:15–18:15 in November.
        var kathmandu = side(KATHMANDU, "21:00", "23:00", "22:00"); // Berlin 17:15
        var berlin = side(BERLIN, "16:00", "18:00", "17:00");
        Instant at = together(kathmandu, berlin, "2026-11-24");
        assertEquals(local(BERLIN, "2026-11-24T17:05"), at);
        assertEquals(LocalTime.of(21, 50), at.atZone(ZoneId.of(KATHMANDU)).toLocalTime());
    }

    @Test
    void kathmanduAndNewYorkEveningsDoNotMeet() {
        assertInstanceOf(SharedEvening.NoOverlap.class,
                both(side(KATHMANDU, "20:00", "23:30", null), side(NEW_YORK, "19:00", "23:30", null), "2026-11-24"));
    }

    @Test
    void quietHoursOfEitherPartnerAreRespected() {
        // Berlin 21:00–23:30 meets New York 15:00–17:30, but the Berlin partner is quiet from 22:00.
        var berlin = new Side(new Preferences(ZoneId.of(BERLIN), Map.of(Practice.RITUAL_OF_OPENNESS,
                new Preferences.Window(LocalTime.of(21, 0), LocalTime.of(23, 30))), EnumSet.allOf(DayOfWeek.class),
                LocalTime.of(22, 0), LocalTime.of(7, 0), 2, null), List.of());
        var newYork = side(NEW_YORK, "15:00", "18:00", "17:00");
        Instant at = together(berlin, newYork, "2026-11-24");
        assertTrue(at.isBefore(local(BERLIN, "2026-11-24T22:00")), at.toString());
        assertEquals(local(BERLIN, "2026-11-24T21:55"), at, "as near to New York's 17:00 (Berlin 23:00) as Berlin's quiet hours allow");
    }

    @Test
    void withoutTheirWindowThereIsNothingToAlign() {
        var berlin = side(BERLIN, "21:00", "23:30", null);
        var noRitual = new Side(new Preferences(ZoneId.of(NEW_YORK), Map.of(), EnumSet.allOf(DayOfWeek.class), null, null, 2, null), List.of());
        assertInstanceOf(SharedEvening.NotApplicable.class, both(berlin, noRitual, "2026-11-24"));
    }
}
