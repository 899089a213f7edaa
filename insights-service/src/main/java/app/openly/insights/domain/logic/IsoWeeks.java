package app.openly.insights.domain.logic;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ISO-8601 weeks ("2026-W48"): Monday to Sunday, week 1 holds the year's first Thursday. */
public final class IsoWeeks {

    private static final Pattern WEEK = Pattern.compile("^(\\d{4})-W(\\d{2})$");

    private IsoWeeks() {
    }

    public static String of(LocalDate day) {
        return String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /**
     * The Monday of the newest week that has closed at {@code now} in {@code zone}. A week closes at the
     * local midnight into Monday, so a week with a DST change is 167 or 169 hours long (168.5 on Lord Howe).
     */
    public static LocalDate lastClosedWeek(Instant now, ZoneId zone) {
        return monday(LocalDate.ofInstant(now, zone)).minusWeeks(1);
    }

    /**
     * The Monday of the newest week that has closed everywhere on Earth at {@code now}: the last zone to end a
     * week is UTC−12, at Monday 12:00 UTC. An organization's week is published only then, whatever its
     * members' zones (a member who moves cannot reopen it).
     */
    public static LocalDate lastClosedEverywhere(Instant now) {
        return lastClosedWeek(now, ZoneOffset.ofHours(-12));
    }

    /** The Monday of the first week that has not started anywhere at {@code now} (UTC+14 starts weeks first). */
    public static LocalDate firstWeekNotStartedAnywhere(Instant now) {
        return monday(LocalDate.ofInstant(now, ZoneOffset.ofHours(14))).plusWeeks(1);
    }

    /** The Monday of the week containing {@code day}. */
    public static LocalDate monday(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The Monday of an ISO week string; refuses week 53 in years that have only 52. */
    public static LocalDate parse(String week) {
        Matcher m = WEEK.matcher(week == null ? "" : week);
        if (!m.matches()) {
            throw new DateTimeParseException("not an ISO week like 2026-W48", String.valueOf(week), 0);
        }
        int year = Integer.parseInt(m.group(1));
        int number = Integer.parseInt(m.group(2));
        if (year < app.openly.platform.input.DateRange.MIN_YEAR || year > app.openly.platform.input.DateRange.MAX_YEAR) {
            // the documented range of every date the services accept (issue 16 §2)
            throw new DateTimeParseException("weeks of the years 1900 to 2200 only", week, 0);
        }
        LocalDate jan4 = LocalDate.of(year, 1, 4);
        long weeksInYear = jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
        if (number < 1 || number > weeksInYear) {
            throw new DateTimeParseException(year + " has no week " + number, week, 0);
        }
        return monday(jan4).plusWeeks(number - 1L);
    }
}
