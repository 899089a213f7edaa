package app.openly.journal.domain.logic;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RitualNightTest {

    @ParameterizedTest(name = "{0} in {1} belongs to the night of {2}")
    @CsvSource({
            // Berlin, winter (UTC+1): 00:30 local is still the evening before; 04:00 starts a new day.
            "2026-11-24T23:30:00Z, Europe/Berlin, 2026-11-24",
            "2026-11-25T02:59:59Z, Europe/Berlin, 2026-11-24",
            "2026-11-25T03:00:00Z, Europe/Berlin, 2026-11-25",
            "2026-11-24T20:40:00Z, Europe/Berlin, 2026-11-24",
            // New York (UTC-5): an evening that is already the next day in UTC, and past midnight.
            "2026-11-25T02:00:00Z, America/New_York, 2026-11-24",
            "2026-11-25T05:15:00Z, America/New_York, 2026-11-24",
            "2026-11-25T09:00:00Z, America/New_York, 2026-11-25",
            // DST: Berlin springs forward at 02:00 on 29 March; 03:30 local is still the night of the 28th.
            "2026-03-29T01:30:00Z, Europe/Berlin, 2026-03-28",
            "2026-03-29T02:00:00Z, Europe/Berlin, 2026-03-29",
            // Kathmandu (UTC+5:45) and Kiritimati (UTC+14) count from their own 04:00.
            "2026-11-24T22:14:00Z, Asia/Kathmandu, 2026-11-24",
            "2026-11-24T22:15:00Z, Asia/Kathmandu, 2026-11-25",
            "2026-11-24T13:00:00Z, Pacific/Kiritimati, 2026-11-24",
            "2026-11-24T14:00:00Z, Pacific/Kiritimati, 2026-11-25"})
    void theDayStartsAtFourInThePersonsOwnZone(String moment, String zone, String night) {
        assertEquals(LocalDate.parse(night), RitualNight.of(Instant.parse(moment), ZoneId.of(zone)));
    }
}
