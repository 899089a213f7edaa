package app.openly.insights.domain.logic;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * When an organization's week is published and from which week a choice counts, at the edges: a week has
 * ended everywhere at Monday 12:00 UTC (midnight in UTC−12, the last zone), and a week has started somewhere
 * at Sunday 10:00 UTC (midnight in UTC+14, the first zone).
 */
class OrgWeekTimingTest {

    @Test
    void aWeekIsPublishedOnlyOnceItHasEndedEverywhere() {
        // 2026-W48 is 23-29 November.
        assertEquals(LocalDate.parse("2026-11-16"), IsoWeeks.lastClosedEverywhere(Instant.parse("2026-11-30T11:59:59Z")),
                "still Sunday in UTC−12: W48 is not over there");
        assertEquals(LocalDate.parse("2026-11-23"), IsoWeeks.lastClosedEverywhere(Instant.parse("2026-11-30T12:00:00Z")));
        assertEquals(LocalDate.parse("2026-11-23"), IsoWeeks.lastClosedEverywhere(Instant.parse("2026-12-07T11:59:59Z")));
    }

    @Test
    void anOptInCountsFromTheFirstWeekNotStartedAnywhere() {
        // Sunday 29 Nov 09:59:59 UTC is 23:59:59 on Sunday in UTC+14: W49 has not started anywhere yet.
        assertEquals(LocalDate.parse("2026-11-30"), IsoWeeks.firstWeekNotStartedAnywhere(Instant.parse("2026-11-29T09:59:59Z")));
        // One second later W49 has begun in Kiritimati: an opt-in now counts from W50, never from a week under way.
        assertEquals(LocalDate.parse("2026-12-07"), IsoWeeks.firstWeekNotStartedAnywhere(Instant.parse("2026-11-29T10:00:00Z")));
        // Across a year with 53 ISO weeks: 2026-W53 starts on 28 December.
        assertEquals(LocalDate.parse("2026-12-28"), IsoWeeks.firstWeekNotStartedAnywhere(Instant.parse("2026-12-25T00:00:00Z")));
        assertEquals("2026-W53", IsoWeeks.of(LocalDate.parse("2026-12-28")));
    }
}
