package app.openly.platform.persistence;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Statements with array parameters ({@code = any(?::text[])}, {@code unnest(?::text[], ...)}) on the transaction's
 * own connection, so a batch of events reads and writes for all its people in one round trip per statement instead
 * of one per person (issue 17). Plain JDBC because JPA has no portable array parameter. A {@link Collection}
 * parameter is bound as a {@code text[]} of its elements' {@code toString()} (the SQL casts each column: ISO dates,
 * times and instants, UUIDs and enum names all read back exactly); any other parameter as itself.
 */
public final class ArrayStatements {

    /** Reads one row of a query's result. */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private ArrayStatements() {
    }

    /** Runs {@code sql}, handing each row to {@code reader}. Pending entity changes are flushed first. */
    public static void query(EntityManager em, String sql, RowReader reader, Object... parameters) {
        em.flush();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement ps = prepare(connection, sql, parameters); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        });
    }

    /** Runs an insert, update or delete; returns how many rows it changed. */
    public static int update(EntityManager em, String sql, Object... parameters) {
        em.flush();
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement ps = prepare(connection, sql, parameters)) {
                return ps.executeUpdate();
            }
        });
    }

    /**
     * The elements' text as a {@code String[]}, not an {@code Object[]}: for a String[] of type text pgjdbc sends the
     * array in PostgreSQL's binary form (each element length-prefixed), for an Object[] it builds a quoted, escaped
     * array literal that the server then parses again — the consumers' profile had that literal at 9–13 % of their
     * threads' samples (issue 17). The same values arrive either way (ArrayStatementsTest).
     */
    static String[] texts(Collection<?> values) {
        String[] texts = new String[values.size()];
        int i = 0;
        for (Object v : values) {
            texts[i++] = v == null ? null : v.toString();
        }
        return texts;
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof Collection<?> values) {
                    ps.setArray(i + 1, connection.createArrayOf("text", texts(values)));
                } else {
                    ps.setObject(i + 1, parameters[i]);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}
