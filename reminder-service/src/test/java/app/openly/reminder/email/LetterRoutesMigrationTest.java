package app.openly.reminder.email;

import app.openly.reminder.ReminderTestInfrastructure;
import app.openly.testsupport.ScratchDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

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

    private static final String MIGRATIONS = "filesystem:src/main/resources/db/migration";
    private static final String PUSH = "[\"WEB_PUSH\", \"STREAM\", \"MOBILE_PUSH\"]";

    @Test
    void theOldUnsubscribeBecomesTheWeeklySummarysEmailRoute() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.create("v22")) {
            Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations(MIGRATIONS).target("21").load().migrate();
            db.execute(
                    // Confirmed, subscribed, routes stored before EMAIL existed (weekly summary to the browser only).
                    address("kept", true, "{}"), routes("kept", "[\"WEB_PUSH\"]"),
                    // Confirmed, unsubscribed by the one-click link, never stored routes.
                    address("stopped", true, "{WEEKLY_SUMMARY}"),
                    // Unsubscribed, with stored routes.
                    address("stopped-routed", true, "{WEEKLY_SUMMARY}"), routes("stopped-routed", "[\"STREAM\"]"),
                    // Not confirmed yet: confirming will add the route; nothing to do now.
                    address("pending", false, "{}"), routes("pending", "[\"WEB_PUSH\"]"),
                    // Confirmed, subscribed, no stored routes: the defaults already send the weekly summary to e-mail.
                    address("defaults", true, "{}"));

            Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations(MIGRATIONS).load().migrate();

            assertEquals(List.of("[\"WEB_PUSH\", \"EMAIL\"]"), weekly(db, "kept"));
            assertEquals(List.of(PUSH), weekly(db, "stopped"));
            assertEquals(List.of(PUSH), db.column("select cast(routes -> 'REMINDERS' as text) from notification_routing where user_id = 'stopped'"));
            assertEquals(List.of("[\"STREAM\"]"), weekly(db, "stopped-routed"));
            assertEquals(List.of("[\"WEB_PUSH\"]"), weekly(db, "pending"));
            assertEquals(List.of(), weekly(db, "defaults"), "no row: the defaults");
            assertEquals(List.of(), db.column("select column_name from information_schema.columns "
                    + "where table_name = 'email_address' and column_name = 'unsubscribed_kinds'"), "one truth: the routes");
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

    private static List<String> weekly(ScratchDatabase db, String userId) throws SQLException {
        return db.column("select cast(routes -> 'WEEKLY_SUMMARY' as text) from notification_routing where user_id = '" + userId + "'");
    }
}
