package app.openly.platform.input;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;

/**
 * The dates the services accept, anywhere (bodies and query parameters): years 1900 to 2200. Far wider
 * than any real practice, far narrower than what PostgreSQL and java.time disagree about, so an extreme
 * date is a 400 naming the field instead of a database error.
 */
public final class DateRange {

    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 2200;
    public static final LocalDate FIRST_DAY = LocalDate.of(MIN_YEAR, 1, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(MAX_YEAR, 12, 31);
    public static final String RULE = "must be a date in the years " + MIN_YEAR + " to " + MAX_YEAR;

    private DateRange() {
    }

    /** True when the value (a date, a date-time or an instant) falls in the years 1900–2200, in UTC for instants. */
    public static boolean contains(TemporalAccessor value) {
        int year;
        if (value instanceof LocalDate d) {
            year = d.getYear();
        } else if (value instanceof LocalDateTime d) {
            year = d.getYear();
        } else if (value instanceof OffsetDateTime d) {
            year = d.getYear();
        } else if (value instanceof ZonedDateTime d) {
            year = d.getYear();
        } else if (value instanceof java.time.Instant i) {
            if (i.getEpochSecond() < -2_300_000_000_000L || i.getEpochSecond() > 2_300_000_000_000L) {
                return false;
            }
            year = i.atOffset(ZoneOffset.UTC).getYear();
        } else {
            return true; // a time of day, a zone: no year to check
        }
        return year >= MIN_YEAR && year <= MAX_YEAR;
    }
}
