package app.openly.reminder;

import app.openly.reminder.messaging.DueReminderScheduler;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Not part of the normal build ({@code -Dbench=true}, run by {@code bench/reminder.sh}): how long one due
 * scan takes with 1,000,000 people scheduled, against 10,000 people in the same run, and against the
 * same scan forced to a sequential scan. Steady state as in production: each person has a reminder today
 * and tomorrow spread over the day; what fell due before the scan is already SENT, so a scan finds the
 * reminders of the last 15 seconds (the scan period). Times are PostgreSQL's own (EXPLAIN ANALYZE,
 * median of 25), plus one whole {@code runOnce} (claim, outbox rows, SENT) at 1,000,000.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
@io.quarkus.test.junit.TestProfile(DueScanBench.ProductionBatches.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class DueScanBench {

    /** The production batch size (tests otherwise use small batches to make schedulers interleave). */
    public static class ProductionBatches implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("openly.reminders.batch-size", "500");
        }
    }

    static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");
    /** The scan looks at 13:00:15 UTC; the previous scan ran at 13:00:00. */
    static final Instant SCAN_AT = DAY.plusSeconds(13 * 3600 + 15);
    static final String DUE_SCAN = """
            select id, user_id, practice, due_at, local_time, time_zone, message, reason from scheduled_reminder
            where status = 'PENDING' and due_at <= ? order by due_at limit 500 for update skip locked""";
    static final String REPLAN_SCAN = """
            select user_id from reminder_preferences where replan_at <= ? order by replan_at limit 500 for update skip locked""";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    DueReminderScheduler scheduler;

    record Figure(String label, double medianMs, String plan, long rows) {
    }

    @Test
    void dueScanWithOneMillionPeople() throws Exception {
        List<Figure> figures = new ArrayList<>();
        long seedStart = System.nanoTime();
        seed(1, 10_000);
        figures.add(measure("due scan, 10,000 people (baseline)", DUE_SCAN, true));
        figures.add(measure("replan scan, 10,000 people", REPLAN_SCAN, true));
        seed(10_001, 1_000_000);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        figures.add(measure("due scan, 1,000,000 people", DUE_SCAN, true));
        figures.add(measure("replan scan, 1,000,000 people", REPLAN_SCAN, true));
        figures.add(measure("due scan, 1,000,000 people, index off (seq scan)", DUE_SCAN, false));
        long dueNow = count("select count(*) from scheduled_reminder where status = 'PENDING' and due_at <= '" + SCAN_AT + "'");
        long rows = count("select count(*) from scheduled_reminder");

        long start = System.nanoTime();
        scheduler.runOnce(SCAN_AT);
        double runOnceMs = (System.nanoTime() - start) / 1e6;
        long sent = count("select count(*) from scheduled_reminder where sent_at = '" + SCAN_AT + "'");

        // A popular minute: 20,000 people whose reminder falls at the same instant (e.g. 21:00 in one zone).
        int burst = 20_000;
        Instant burstAt = SCAN_AT.plusSeconds(60);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    insert into scheduled_reminder (id, user_id, practice, local_date, local_time, time_zone, due_at, reason, message, status)
                    select gen_random_uuid(), 'burst-' || g, 'RITUAL_OF_OPENNESS', date '2026-11-24', time '13:01', 'UTC', timestamptz '%s',
                           'At the start of your window for this practice (13:01).', 'A quiet moment for your ritual of openness.', 'PENDING'
                    from generate_series(1, %d) g""".formatted(burstAt, burst));
        }
        long burstStart = System.nanoTime();
        scheduler.runOnce(burstAt.plusSeconds(1));
        double burstSeconds = (System.nanoTime() - burstStart) / 1e9;
        long burstSent = count("select count(*) from scheduled_reminder where user_id like 'burst-%' and status = 'SENT'");
        assertTrue(burstSent == burst, "the burst was sent in full (" + burstSent + ")");

        for (Figure f : figures.subList(0, 4)) {
            assertTrue(!f.plan().startsWith("Seq Scan"), f.label() + " uses an index: " + f.plan());
        }
        assertTrue(sent == dueNow, "runOnce sent every due reminder (" + sent + " of " + dueNow + ")");

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "scheduled_reminder rows: %,d (two per person), due at the scan: %,d; seeding took %.0f s%n",
                rows, dueNow, seedSeconds));
        out.append(String.format(Locale.ROOT, "%-52s %10s %6s %12s   %s%n", "query", "median ms", "rows", "µs per row", "plan"));
        for (Figure f : figures) {
            out.append(String.format(Locale.ROOT, "%-52s %10.3f %6d %12.2f   %s%n", f.label(), f.medianMs(), f.rows(),
                    1000 * f.medianMs() / Math.max(1, f.rows()), f.plan()));
        }
        double base = figures.get(0).medianMs();
        out.append(String.format(Locale.ROOT, "ratio due scan 1,000,000 / 10,000 people: %.2f in all, %.2f per due row "
                        + "(100x the people means 100x the reminders due in the same 15 s)%n",
                figures.get(2).medianMs() / base,
                (figures.get(2).medianMs() / Math.max(1, figures.get(2).rows())) / (base / Math.max(1, figures.get(0).rows()))));
        out.append(String.format(Locale.ROOT, "ratio seq scan / index scan at 1,000,000: %.0f%n", figures.get(4).medianMs() / figures.get(2).medianMs()));
        out.append(String.format(Locale.ROOT, "one whole runOnce at 1,000,000 (claim %,d, outbox rows, SENT, commit): %.1f ms%n", sent, runOnceMs));
        out.append(String.format(Locale.ROOT, "a popular minute: %,d reminders due at once, one replica: %.1f s (%,.0f reminders/s, batches of 500)%n",
                burst, burstSeconds, burst / burstSeconds));
        System.out.println("\n== reminder due scan\n" + out);
        Path report = Path.of("target", "bench-reminder-due-scan.txt");
        Files.writeString(report, out.toString());
    }

    /** People {@code from..to}: a reminder today and tomorrow, spread over the day; preferences re-planned at their midnight. */
    private void seed(int from, int to) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            String day = "timestamptz '" + DAY + "'";
            String scan = "timestamptz '" + SCAN_AT.minusSeconds(15) + "'";
            s.execute("""
                    insert into scheduled_reminder (id, user_id, practice, local_date, local_time, time_zone, due_at, reason, message, status, sent_at, response)
                    select gen_random_uuid(), 'bench-' || g, 'RITUAL_OF_OPENNESS', date '2026-11-24' + d, time '21:00', 'UTC', at,
                           'At the start of your window for this practice (21:00).', 'A quiet moment for your ritual of openness.',
                           case when at <= %2$s then 'SENT' else 'PENDING' end, case when at <= %2$s then at end,
                           case when at <= %2$s - interval '2 hours' then 'IGNORED' end
                    from generate_series(%3$d, %4$d) g, generate_series(0, 1) d,
                         lateral (select %1$s + d * interval '1 day' + ((g::bigint * 7919) %% 86400) * interval '1 second' as at) t
                    """.formatted(day, scan, from, to));
            s.execute("""
                    insert into reminder_preferences (user_id, time_zone, zone_from_entries, windows, days, daily_cap, replan_at, updated_at)
                    select 'bench-' || g, 'UTC', true, '{}'::jsonb, '{MONDAY}', 2, %1$s + interval '1 day' + ((g::bigint * 104729) %% 86400) * interval '1 second', %1$s
                    from generate_series(%2$d, %3$d) g
                    """.formatted(day, from, to));
            s.execute("analyze scheduled_reminder");
            s.execute("analyze reminder_preferences");
        }
    }

    private Figure measure(String label, String sql, boolean indexes) throws SQLException {
        List<Double> times = new ArrayList<>();
        String plan = "";
        // replan_at of the next day is after the scan: move the replan scan's "now" a few minutes into that day.
        Instant at = sql == REPLAN_SCAN ? DAY.plusSeconds(86_400 + 300) : SCAN_AT;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("set local enable_indexscan = " + indexes);
                s.execute("set local enable_bitmapscan = " + indexes);
                s.execute("set local enable_indexonlyscan = " + indexes);
            }
            for (int i = 0; i < 27; i++) {
                try (PreparedStatement p = c.prepareStatement("explain (analyze, buffers) " + sql)) {
                    p.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                    StringBuilder planText = new StringBuilder();
                    double ms = -1;
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            String line = r.getString(1);
                            planText.append(line).append('\n');
                            if (line.startsWith("Execution Time:")) {
                                ms = Double.parseDouble(line.replaceAll("[^0-9.]", ""));
                            }
                        }
                    }
                    if (i >= 2) { // two warm-up runs
                        times.add(ms);
                    }
                    plan = scanNode(planText.toString());
                }
            }
            c.rollback(); // the row locks of the scans go with it
        }
        times.sort(Double::compare);
        long rows = sql == REPLAN_SCAN
                ? count("select count(*) from reminder_preferences where replan_at <= '" + at + "'")
                : count("select count(*) from scheduled_reminder where status = 'PENDING' and due_at <= '" + at + "'");
        return new Figure(label, times.get(times.size() / 2), plan, Math.min(rows, 500));
    }

    private static String scanNode(String plan) {
        for (String line : plan.split("\n")) {
            String t = line.replaceFirst("^[ ->]*", "");
            if (t.startsWith("Index Scan") || t.startsWith("Seq Scan") || t.startsWith("Bitmap") || t.startsWith("Index Only")) {
                return t.replaceAll("\\s+\\(cost.*", "");
            }
        }
        return "?";
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
