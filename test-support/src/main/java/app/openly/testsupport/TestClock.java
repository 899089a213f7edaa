package app.openly.testsupport;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one clock of every service's tests (it replaces the platform's default {@link Clock} bean), so no test
 * depends on the day it runs.
 * <p>
 * It starts at a fixed "today", {@value #DEFAULT_START} unless the system property {@code openly.test.today}
 * says otherwise (an ISO date like {@code 2027-03-28}, taken as noon UTC, or a UTC date-time like
 * {@code 2026-12-31T23:59}), and then runs at the real pace, so timeouts and budgets behave as in production
 * and a run started just before midnight crosses it. A test can {@link #set} a fixed instant and
 * {@link #reset} back to the running clock. To check that a suite passes on another day:
 * {@code ./mvnw verify -Dopenly.test.today=2026-12-31T23:59}.
 */
@Singleton
public class TestClock extends Clock {

    public static final String PROPERTY = "openly.test.today";
    /** After every date the tests hard-code (their weeks are closed), and not the day anyone runs them. */
    public static final String DEFAULT_START = "2026-12-01T10:00";

    private static final Instant START = announce(parse(System.getProperty(PROPERTY, DEFAULT_START)));
    private static final long STARTED_NANOS = System.nanoTime();

    private volatile Instant fixed;

    /** "Now" as the tests' world sees it when nothing is fixed (usable without CDI). */
    public static Instant runningNow() {
        return START.plus(Duration.ofNanos(System.nanoTime() - STARTED_NANOS));
    }

    /** Today in {@code zone} as the tests' world sees it (usable without CDI). */
    public static LocalDate today(ZoneId zone) {
        return LocalDate.ofInstant(runningNow(), zone);
    }

    public void set(Instant instant) {
        fixed = instant;
    }

    public void reset() {
        fixed = null;
    }

    @Override
    public Instant instant() {
        Instant f = fixed;
        return f != null ? f : runningNow();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }

    private static Instant announce(Instant start) {
        System.err.println("TestClock: the tests' today starts at " + start + " (-D" + PROPERTY + " to move it)");
        return start;
    }

    static Instant parse(String value) {
        String v = value.trim();
        if (v.length() == 10) {
            return LocalDate.parse(v).atTime(12, 0).toInstant(ZoneOffset.UTC);
        }
        if (v.endsWith("Z")) {
            return Instant.parse(v);
        }
        return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
    }
}
