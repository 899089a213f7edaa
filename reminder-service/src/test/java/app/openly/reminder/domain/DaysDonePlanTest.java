package app.openly.reminder.domain;

import app.openly.testsupport.SharedInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The re-plan's read of days done ({@link PracticeHistoryStore#DAYS_DONE}) costs what the days cost, not what the entries
 * cost (issue 17: at ~550 entries per bench person and day the read of every entry took 510 ms per batch). On the
 * service's real migrations in a database of its own: one person who wrote 600 entries on each of two days, 200 people
 * who wrote once a day for 30 days, analyzed. EXPLAIN ANALYZE counts the rows the statement read from practice_history;
 * the form it replaced, measured the same way, reads every entry: the check can fail. The travel check's newest other
 * entry ({@link EntryBatchStore#LATEST_EXCEPT}) is held the same way.
 */
class DaysDonePlanTest {

    private static final LocalDate FROM = LocalDate.parse("2026-11-29");
    /** {@link PracticeHistoryStore#daysDoneOf}'s statement until the thirteenth session: every entry of the window. */
    private static final String READ_EVERY_ENTRY = """
            select distinct user_id, practice, local_date from practice_history
            where user_id = any(?::text[]) and practice = any(?::text[]) and not deleted and local_date >= ?""";

    private static SharedInfrastructure.PgDatabase db;

    @BeforeAll
    static void migrateAndSeed() throws SQLException {
        db = SharedInfrastructure.database("reminder_days_plan");
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration", "classpath:db/platform").cleanDisabled(false).load().migrate();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("truncate practice_history");
            // heavy: 600 entries on the 29th and 600 on the 30th (UTC), one deleted entry on the 1st, none before.
            s.execute("""
                    insert into practice_history (entry_id, user_id, practice, version, deleted, occurred_at, time_zone, local_date, local_time)
                    select gen_random_uuid(), 'heavy', 'HONEST_SENTENCE', 1, false, at, 'UTC', (at at time zone 'UTC')::date, (at at time zone 'UTC')::time
                    from generate_series(0, 1) d, generate_series(0, 599) n,
                         lateral (select timestamptz '2026-11-29 06:00Z' + d * interval '1 day' + n * interval '1 minute' as at) t""");
            s.execute("""
                    insert into practice_history (entry_id, user_id, practice, version, deleted, occurred_at, time_zone, local_date, local_time)
                    values (gen_random_uuid(), 'heavy', 'HONEST_SENTENCE', 2, true, timestamptz '2026-12-01 08:00Z', 'UTC', date '2026-12-01', time '08:00')""");
            s.execute("""
                    insert into practice_history (entry_id, user_id, practice, version, deleted, occurred_at, time_zone, local_date, local_time)
                    select gen_random_uuid(), 'daily-' || g, 'BODY_ANCHOR', 1, false, at, 'UTC', (at at time zone 'UTC')::date, (at at time zone 'UTC')::time
                    from generate_series(1, 200) g, generate_series(0, 29) d,
                         lateral (select timestamptz '2026-11-01 07:30Z' + d * interval '1 day' as at) t""");
            s.execute("analyze practice_history");
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    @Test
    void theDaysOfAHeavyWriterCostTheirDaysNotTheirEntries() throws Exception {
        try (Connection c = connect()) {
            List<String> people = List.of("heavy", "daily-7");
            List<String> practices = List.of("HONEST_SENTENCE", "BODY_ANCHOR");
            assertEquals(Set.of("heavy HONEST_SENTENCE 2026-11-29", "heavy HONEST_SENTENCE 2026-11-30", "daily-7 BODY_ANCHOR 2026-11-29",
                    "daily-7 BODY_ANCHOR 2026-11-30"), rows(c, PracticeHistoryStore.DAYS_DONE, DaysDonePlanTest::day, FROM, people, practices));
            long read = rowsRead(c, PracticeHistoryStore.DAYS_DONE, FROM, people, practices);
            // Per person and practice one probe per day found and one finding no more: 6 probes, at most a row each.
            assertTrue(read <= 6, "read " + read + " rows of practice_history for 4 days done");
        }
    }

    @Test
    void readingEveryEntryOfTheWindowWouldReadThe1200() throws Exception {
        try (Connection c = connect()) {
            long read = rowsRead(c, READ_EVERY_ENTRY, List.of("heavy", "daily-7"), List.of("HONEST_SENTENCE", "BODY_ANCHOR"), FROM);
            assertTrue(read >= 1_200, "the replaced form reads every entry of the window: " + read);
        }
    }

    /** The travel check's "newest other entry" of the heavy writer: one row per practice probed, not 1,200. */
    @Test
    void theNewestOtherEntryOfAHeavyWriterIsAProbePerPractice() throws Exception {
        try (Connection c = connect()) {
            List<String> practices = java.util.Arrays.stream(app.openly.events.Practice.values()).map(Enum::name).toList();
            assertEquals(Set.of("heavy 2026-11-30T15:59Z"), rows(c, EntryBatchStore.LATEST_EXCEPT, DaysDonePlanTest::newest, List.of("heavy"), practices, List.of()));
            long read = rowsRead(c, EntryBatchStore.LATEST_EXCEPT, List.of("heavy"), practices, List.of());
            assertTrue(read <= practices.size(), "read " + read + " rows of practice_history for the newest of 1,200 entries");
        }
    }

    /** Each result row as text, by {@code text}. */
    private static Set<String> rows(Connection c, String sql, RowText text, Object... parameters) throws SQLException {
        Set<String> rows = new HashSet<>();
        try (PreparedStatement p = prepare(c, sql, parameters); ResultSet r = p.executeQuery()) {
            while (r.next()) {
                rows.add(text.of(r));
            }
        }
        return rows;
    }

    private interface RowText {
        String of(ResultSet row) throws SQLException;
    }

    /** A days-done row: person, practice, day. */
    private static String day(ResultSet r) throws SQLException {
        return r.getString(1) + " " + r.getString(2) + " " + r.getObject(3, LocalDate.class);
    }

    /** A newest-entry row: person, instant (whole minutes). */
    private static String newest(ResultSet r) throws SQLException {
        return r.getString(1) + " " + r.getObject(2, java.time.OffsetDateTime.class).toInstant().toString().replace(":00Z", "Z");
    }

    /** Rows the statement's scans of practice_history returned, over all their loops (EXPLAIN ANALYZE). */
    private static long rowsRead(Connection c, String sql, Object... parameters) throws Exception {
        try (PreparedStatement p = prepare(c, "explain (analyze, format json) " + sql, parameters); ResultSet r = p.executeQuery()) {
            assertTrue(r.next());
            JsonNode plan = new ObjectMapper().readTree(r.getString(1)).get(0).get("Plan");
            return rowsFrom(plan);
        }
    }

    private static long rowsFrom(JsonNode node) {
        long rows = "practice_history".equals(node.path("Relation Name").asText())
                ? node.path("Actual Rows").asLong() * node.path("Actual Loops").asLong() : 0;
        for (JsonNode child : node.path("Plans")) {
            rows += rowsFrom(child);
        }
        return rows;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement p = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] instanceof List<?> values) {
                p.setArray(i + 1, c.createArrayOf("text", values.toArray(new String[0])));
            } else {
                p.setObject(i + 1, parameters[i]);
            }
        }
        return p;
    }
}
