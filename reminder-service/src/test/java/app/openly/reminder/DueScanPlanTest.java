package app.openly.reminder;

import app.openly.testsupport.SharedInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The due scan and the re-plan scan run every 15 s on every replica: they must read an index, never the whole
 * table. Checked on the service's real migrations in a database of its own (20,000 people, 40,000 reminders,
 * analyzed), with the queries DueScanBench measures at 1,000,000 people. The last test drops the index inside a
 * rolled-back transaction and sees the check turn: the check can fail.
 */
class DueScanPlanTest {

    private static SharedInfrastructure.PgDatabase db;

    @BeforeAll
    static void migrateAndSeed() throws SQLException {
        db = SharedInfrastructure.database("reminder_plan");
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration", "classpath:db/platform").cleanDisabled(false).load().migrate();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("truncate scheduled_reminder, reminder_preferences");
            String day = "timestamptz '" + DueScanBench.DAY + "'";
            String scan = "timestamptz '" + DueScanBench.SCAN_AT.minusSeconds(15) + "'";
            s.execute("""
                    insert into scheduled_reminder (id, user_id, practice, local_date, local_time, time_zone, due_at, reason, message, status, sent_at, response)
                    select gen_random_uuid(), 'plan-' || g, 'RITUAL_OF_OPENNESS', date '2026-11-24' + d, time '21:00', 'UTC', at,
                           'At the start of your window for this practice (21:00).', 'A quiet moment for your ritual of openness.',
                           case when at <= %2$s then 'SENT' else 'PENDING' end, case when at <= %2$s then at end,
                           case when at <= %2$s - interval '2 hours' then 'IGNORED' end
                    from generate_series(1, 20000) g, generate_series(0, 1) d,
                         lateral (select %1$s + d * interval '1 day' + ((g::bigint * 7919) %% 86400) * interval '1 second' as at) t
                    """.formatted(day, scan));
            s.execute("""
                    insert into reminder_preferences (user_id, time_zone, zone_from_entries, windows, days, daily_cap, replan_at, updated_at)
                    select 'plan-' || g, 'UTC', true, '{}'::jsonb, '{MONDAY}', 2, %1$s + interval '1 day' + ((g::bigint * 104729) %% 86400) * interval '1 second', %1$s
                    from generate_series(1, 20000) g
                    """.formatted(day));
            s.execute("analyze scheduled_reminder");
            s.execute("analyze reminder_preferences");
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    /** The whole plan, one node a line (cost figures dropped). */
    private static String plan(Connection c, String sql, java.time.Instant at) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement p = c.prepareStatement("explain " + sql)) {
            p.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    plan.append(r.getString(1).replaceFirst("^[ ->]*", "").replaceAll("\\s+\\(cost.*", "")).append('\n');
                }
            }
        }
        return plan.toString();
    }

    /** Reads {@code index} (an index scan, or a bitmap built from it) and never the whole table. */
    private static void assertReadsIndex(String plan, String index) {
        assertTrue(plan.contains("Scan using " + index + " ") || plan.contains("Bitmap Index Scan on " + index),
                "reads " + index + ":\n" + plan);
        assertFalse(plan.contains("Seq Scan"), "no sequential scan:\n" + plan);
    }

    @Test
    void theDueScanReadsThePendingIndex() throws SQLException {
        try (Connection c = connect()) {
            assertReadsIndex(plan(c, DueScanBench.DUE_SCAN, DueScanBench.SCAN_AT), "scheduled_reminder_due");
        }
    }

    @Test
    void theReplanScanReadsTheReplanIndex() throws SQLException {
        try (Connection c = connect()) {
            assertReadsIndex(plan(c, DueScanBench.REPLAN_SCAN, DueScanBench.DAY.plusSeconds(86_400 + 300)), "reminder_preferences_replan");
        }
    }

    @Test
    void withoutTheIndexTheCheckSeesASequentialScan() throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("drop index scheduled_reminder_due");
            }
            String plan = plan(c, DueScanBench.DUE_SCAN, DueScanBench.SCAN_AT);
            assertTrue(plan.contains("Seq Scan on scheduled_reminder"), "without its index the scan reads the whole table, and the check says so:\n" + plan);
            c.rollback();
        }
    }
}
