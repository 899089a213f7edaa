package app.openly.testsupport;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What a test reads straight from its service's database: one number (a count, a sum) of one row. */
public final class TestRows {

    private TestRows() {
    }

    /** The first column of the one row {@code sql} selects (e.g. {@code select count(*) ... where user_id = ?}). */
    public static long number(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("no row: " + sql);
                }
                return r.getLong(1);
            }
        }
    }
}
