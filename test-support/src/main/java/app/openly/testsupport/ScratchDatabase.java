package app.openly.testsupport;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own for a migration test, on the server the running {@code @QuarkusTest} uses (its
 * {@code quarkus.datasource.*}): created empty, so the test can migrate it up to an old version, write what the old
 * code wrote, migrate to the end and read the result; dropped on {@link #close()}.
 */
public final class ScratchDatabase implements AutoCloseable {

    private final String adminUrl;
    private final String url;
    private final String user;
    private final String password;
    private final String name;

    private ScratchDatabase(String adminUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.name = name;
        this.url = adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    /** A new, empty database named {@code prefix} and a random suffix, beside the test's own. */
    public static ScratchDatabase create(String prefix) throws SQLException {
        Config config = ConfigProvider.getConfig();
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        ScratchDatabase db = new ScratchDatabase(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""), name);
        try (Connection admin = DriverManager.getConnection(db.adminUrl, db.user, db.password); Statement s = admin.createStatement()) {
            s.execute("create database " + name);
        }
        return db;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Runs each statement, in order, on one connection. */
    public void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** The first column of every row {@code sql} selects, as text. */
    public List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password); Statement s = admin.createStatement()) {
            s.execute("drop database if exists " + name);
        }
    }
}
