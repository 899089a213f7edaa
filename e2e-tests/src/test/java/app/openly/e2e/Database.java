package app.openly.e2e;

import app.openly.testsupport.SharedInfrastructure.PgDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC on one service's database: what a test reads (and, to stage a past, writes) behind the services' backs. */
public final class Database {

    private final String service;
    private final PgDatabase db;

    Database(String service, PgDatabase db) {
        this.service = service;
        this.db = db;
    }

    public String service() {
        return service;
    }

    /** Every row {@code sql} returns, as column → value maps in column order. */
    public List<Map<String, Object>> rows(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(service + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The single number {@code sql} returns (a count). */
    public long number(String sql, Object... args) {
        var rows = rows(sql, args);
        return ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    /** Runs an insert/update/delete; returns the rows it touched. */
    public int update(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(service + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Every table of the service's schema (Flyway's own history included). */
    public List<String> tables() {
        return rows("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1")
                .stream().map(r -> (String) r.get("table_name")).toList();
    }

    /**
     * For every table: how many rows mention {@code needle} anywhere (any column, the whole row as text). A person's
     * id in a column of any name, a JSON document or an array is found; only the tables with a hit are returned.
     */
    public Map<String, Long> rowsMentioning(String needle) {
        Map<String, Long> hits = new LinkedHashMap<>();
        for (String table : tables()) {
            long n = number("select count(*) from \"" + table + "\" t where strpos(t::text, ?) > 0", needle);
            if (n > 0) {
                hits.put(table, n);
            }
        }
        return hits;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    @Override
    public String toString() {
        return service + " database";
    }
}
