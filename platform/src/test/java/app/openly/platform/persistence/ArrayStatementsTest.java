package app.openly.platform.persistence;

import app.openly.testsupport.SharedInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A collection parameter reaches PostgreSQL as a text[] holding exactly its elements' text — characters an array
 * literal must quote or escape, NULL and the word "NULL", empty and non-ASCII strings — and the SQL's casts read
 * UUIDs, dates, times and instants back as they were. Real PostgreSQL (the shared embedded one).
 */
class ArrayStatementsTest {

    private static Connection connection;

    @BeforeAll
    static void connect() throws SQLException {
        var db = SharedInfrastructure.database("platform");
        connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    private static List<List<Object>> rows(String sql, Object... parameters) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = ArrayStatements.prepare(connection, sql, parameters); ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    row.add(rs.getObject(c));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void everyElementArrivesAsItsExactText() throws SQLException {
        List<String> tricky = Arrays.asList("plain", "a,b", "{braces}", "quote\"d", "back\\slash", "", null, "NULL",
                " spaced ", "ünïcødé ✓", "tab\there", "new\nline", "'single'");
        // more rounds than pgjdbc's prepareThreshold (5): a server-prepared statement binds the same way
        for (int round = 0; round < 7; round++) {
            List<List<Object>> rows = rows("select t, t is null from unnest(?::text[]) with ordinality as u(t, n) order by n",
                    tricky);
            assertEquals(tricky.size(), rows.size());
            for (int i = 0; i < tricky.size(); i++) {
                assertEquals(tricky.get(i), rows.get(i).get(0), "element " + i);
                assertEquals(tricky.get(i) == null, rows.get(i).get(1), "element " + i + " is null");
            }
        }
    }

    @Test
    void castsReadTypedValuesBackAndScalarsStayScalars() throws SQLException {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        LocalDate day = LocalDate.parse("2026-11-24");
        Instant at = Instant.parse("2026-11-24T20:41:07.123456Z");
        List<List<Object>> rows = rows("""
                        select u::text, d::text, t::text, extract(epoch from i)::text, ?::text
                        from unnest(?::uuid[], ?::date[], ?::time[], ?::timestamptz[]) with ordinality as r(u, d, t, i, n)
                        order by n""",
                "scalar", List.of(a, b), List.of(day, day.plusDays(1)), List.of(LocalTime.of(21, 40), LocalTime.of(7, 5, 30)),
                List.of(at, at.plusSeconds(60)));
        assertEquals(List.of(
                List.of(a.toString(), "2026-11-24", "21:40:00", at.getEpochSecond() + ".123456", "scalar"),
                List.of(b.toString(), "2026-11-25", "07:05:30", (at.getEpochSecond() + 60) + ".123456", "scalar")), rows);
        assertEquals(List.of(List.of(1L)), rows("select count(*) from unnest(?::uuid[]) u where u = any(?::uuid[])",
                List.of(a, b), List.of(b, UUID.randomUUID())));
    }

    @Test
    void anEmptyCollectionIsAnEmptyArray() throws SQLException {
        assertEquals(List.of(List.of(0)), rows("select cardinality(?::text[])", List.of()));
        assertEquals(List.of(), rows("select u from unnest(?::uuid[]) u", List.of()));
    }
}
