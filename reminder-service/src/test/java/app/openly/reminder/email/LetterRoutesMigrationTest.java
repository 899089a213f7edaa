package app.openly.reminder.email;

import app.openly.reminder.ReminderTestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * V22 on data written by the old code (issue 14): the e-mail's own per-kind unsubscribe becomes the weekly summary's
 * EMAIL route. Whoever had a confirmed address and had not unsubscribed keeps their letter, even with routes stored
 * before EMAIL existed; whoever unsubscribed has a route without EMAIL; nothing else changes. Runs Flyway on a
 * database of its own, first up to V21, then to the end.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class LetterRoutesMigrationTest {

    private static final String PUSH = "[\"WEB_PUSH\", \"STREAM\", \"MOBILE_PUSH\"]";

    @Test
    void theOldUnsubscribeBecomesTheWeeklySummarysEmailRoute() throws Exception {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = config.getValue("quarkus.datasource.username", String.class);
        String password = config.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        String database = "v22_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection admin = DriverManager.getConnection(url, user, password); Statement s = admin.createStatement()) {
            s.execute("create database " + database);
        }
        String migrated = url.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        try {
            Flyway.configure().dataSource(migrated, user, password).locations("filesystem:src/main/resources/db/migration").target("21").load().migrate();
            try (Connection c = DriverManager.getConnection(migrated, user, password); Statement s = c.createStatement()) {
                // Confirmed, subscribed, routes stored before EMAIL existed (weekly summary to the browser only).
                s.execute(address("kept", true, "{}"));
                s.execute(routes("kept", "[\"WEB_PUSH\"]"));
                // Confirmed, unsubscribed by the one-click link, never stored routes.
                s.execute(address("stopped", true, "{WEEKLY_SUMMARY}"));
                // Unsubscribed, with stored routes.
                s.execute(address("stopped-routed", true, "{WEEKLY_SUMMARY}"));
                s.execute(routes("stopped-routed", "[\"STREAM\"]"));
                // Not confirmed yet: confirming will add the route; nothing to do now.
                s.execute(address("pending", false, "{}"));
                s.execute(routes("pending", "[\"WEB_PUSH\"]"));
                // Confirmed, subscribed, no stored routes: the defaults already send the weekly summary to e-mail.
                s.execute(address("defaults", true, "{}"));
            }

            Flyway.configure().dataSource(migrated, user, password).locations("filesystem:src/main/resources/db/migration").load().migrate();

            try (Connection c = DriverManager.getConnection(migrated, user, password)) {
                assertEquals(List.of("[\"WEB_PUSH\", \"EMAIL\"]"), weekly(c, "kept"));
                assertEquals(List.of(PUSH), weekly(c, "stopped"));
                assertEquals(List.of(PUSH), column(c, "select cast(routes -> 'REMINDERS' as text) from notification_routing where user_id = 'stopped'"));
                assertEquals(List.of("[\"STREAM\"]"), weekly(c, "stopped-routed"));
                assertEquals(List.of("[\"WEB_PUSH\"]"), weekly(c, "pending"));
                assertEquals(List.of(), weekly(c, "defaults"), "no row: the defaults");
                assertEquals(List.of(), column(c, "select column_name from information_schema.columns "
                        + "where table_name = 'email_address' and column_name = 'unsubscribed_kinds'"), "one truth: the routes");
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(url, user, password); Statement s = admin.createStatement()) {
                s.execute("drop database if exists " + database);
            }
        }
    }

    private static String address(String userId, boolean confirmed, String unsubscribed) {
        return """
                insert into email_address (user_id, address, confirmed_at, unsubscribed_kinds, confirmations_sent, confirmations_window,
                    created_at, updated_at)
                values ('%s', '%s@example.org', %s, '%s', 1, now(), now(), now())""".formatted(userId, userId, confirmed ? "now()" : "null", unsubscribed);
    }

    private static String routes(String userId, String weekly) {
        return """
                insert into notification_routing (user_id, routes, updated_at)
                values ('%s', '{"REMINDERS": %s, "PARTNER_NUDGES": %s, "WEEKLY_SUMMARY": %s}'::jsonb, now())""".formatted(userId, PUSH, PUSH, weekly);
    }

    private static List<String> weekly(Connection c, String userId) throws SQLException {
        return column(c, "select cast(routes -> 'WEEKLY_SUMMARY' as text) from notification_routing where user_id = '" + userId + "'");
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }
}
