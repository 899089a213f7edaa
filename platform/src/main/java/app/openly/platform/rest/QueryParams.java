package app.openly.platform.rest;

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

    /** An ISO date like 2026-11-24, or {@code fallback} (may be null) when absent. */
    public static LocalDate date(String name, String value, LocalDate fallback) {
        if (isAbsent(value)) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw ProblemException.badField(name, "is not a date like 2026-11-24");
        }
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when absent; {@code rule} says the range in words. */
    public static int wholeNumber(String name, String value, int fallback, int min, int max, String rule) {
        if (isAbsent(value)) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
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
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw ProblemException.badField(name, "is not an IANA time zone id, e.g. Europe/Berlin");
        }
    }

    public static boolean isAbsent(String value) {
        return value == null || value.isBlank();
    }
}
