package app.openly.platform.rest;

import app.openly.platform.input.DateRange;
import app.openly.platform.input.SafeText;
import app.openly.platform.problem.ProblemException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Reads optional query parameters the same way in every resource: absent or blank gives the fallback,
 * anything unreadable is a 400 problem naming the parameter (never a 5xx, never a silent default).
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** An ISO date like 2026-11-24 in the years 1900–2200 ({@link DateRange}), or {@code fallback} (may be null) when absent. */
    public static LocalDate date(String name, String value, LocalDate fallback) {
        if (isAbsent(value)) {
            return fallback;
        }
        exact(name, value);
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw ProblemException.badField(name, "is not a date like 2026-11-24");
        }
        if (!DateRange.contains(date)) {
            throw ProblemException.badField(name, DateRange.RULE);
        }
        return date;
    }

    /** Refuses a range whose end comes before its start (a reversed range is a mistake, not an empty answer). */
    public static void requireOrdered(String fromName, LocalDate from, String toName, LocalDate to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw ProblemException.badField(toName, "is before " + fromName);
        }
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when absent; {@code rule} says the range in words. */
    public static int wholeNumber(String name, String value, int fallback, int min, int max, String rule) {
        if (isAbsent(value)) {
            return fallback;
        }
        exact(name, value);
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badField(name, rule);
        }
        if (n < min || n > max) {
            throw ProblemException.badField(name, rule);
        }
        return n;
    }

    /** One constant of {@code type} by its exact name, or {@code fallback} (may be null) when absent. */
    public static <E extends Enum<E>> E oneOf(Class<E> type, String name, String value, E fallback, String rule) {
        if (isAbsent(value)) {
            return fallback;
        }
        exact(name, value);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField(name, rule);
        }
    }

    /** An IANA time-zone id like Europe/Berlin, or {@code fallback} when absent. */
    public static ZoneId zone(String name, String value, ZoneId fallback) {
        if (isAbsent(value)) {
            return fallback;
        }
        exact(name, value);
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw ProblemException.badField(name, "is not an IANA time zone id, e.g. Europe/Berlin");
        }
    }

    /** No space around the value and no character {@link SafeText} refuses: "20\u001b" is not 20. */
    private static void exact(String name, String value) {
        if (!value.equals(value.strip()) || !SafeText.isSafe(value)) {
            throw ProblemException.badField(name, "has a space or a control character around or in it");
        }
    }

    public static boolean isAbsent(String value) {
        return value == null || value.isBlank();
    }
}
