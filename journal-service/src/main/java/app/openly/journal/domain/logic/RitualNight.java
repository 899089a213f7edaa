package app.openly.journal.domain.logic;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The ritual night a moment belongs to: the local date in the person's own zone, where the day starts
 * at 04:00, so a ritual written at 00:30 belongs to the evening before. Two partners in different zones
 * share a night when each is in their own evening of the same date. Pure.
 */
public final class RitualNight {

    public static final LocalTime DAY_STARTS = LocalTime.of(4, 0);

    private RitualNight() {
    }

    public static LocalDate of(Instant moment, ZoneId zone) {
        ZonedDateTime local = moment.atZone(zone);
        return local.toLocalTime().isBefore(DAY_STARTS) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
    }
}
