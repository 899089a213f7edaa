package app.openly.reminder;

import app.openly.testsupport.ScratchDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * V3 on data written by the old code (every practice switched on for a new person): a practice stays
 * chosen when the person changed its window or recorded it, a practice they turned off stays off, and
 * the rest stops reminding. Runs Flyway on a database of its own, first up to V2, then to the end.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class ChosenPracticesMigrationTest {

    private static final String MIGRATIONS = "filesystem:src/main/resources/db/migration";
    private static final String OLD_DEFAULT_WINDOWS = """
            {"BODY_ANCHOR": {"start": "07:30", "end": "09:30"}, "HONEST_SENTENCE": {"start": "12:00", "end": "18:00"},
             "PRESENT_LISTENING": {"start": "17:00", "end": "20:00"}, "INNER_CRITIC_REFRAME": {"start": "15:00", "end": "19:00"},
             "RITUAL_OF_OPENNESS": {"start": "21:00", "end": "22:30"}}""";

    @Test
    void aPracticeCountsAsChosenWhenThePersonChangedItOrRecordedIt() throws Exception {
        try (ScratchDatabase db = ScratchDatabase.create("v3")) {
            Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations(MIGRATIONS).target("2").load().migrate();
            db.execute(
                    // Never touched their preferences, recorded the body anchor: only the body anchor stays.
                    preferences("recorded", OLD_DEFAULT_WINDOWS),
                    """
                            insert into practice_activity values ('recorded', 'BODY_ANCHOR', 'Europe/Berlin', '2026-11-23', '21:50',
                                '2026-11-23T20:50:00Z', 1, now())""",
                    """
                            insert into practice_history values ('00000000-0000-0000-0000-000000000001', 'recorded', 'BODY_ANCHOR', 1, false,
                                '2026-11-23T20:50:00Z', 'Europe/Berlin', '2026-11-23', '21:50')""",
                    reminder("recorded", "BODY_ANCHOR", "PENDING"),
                    reminder("recorded", "RITUAL_OF_OPENNESS", "PENDING"),
                    reminder("recorded", "HONEST_SENTENCE", "SENT"),
                    // Changed the honest sentence's window and turned the ritual off; recorded nothing.
                    preferences("changed", """
                            {"BODY_ANCHOR": {"start": "07:30", "end": "09:30"}, "HONEST_SENTENCE": {"start": "10:00", "end": "11:00"},
                             "PRESENT_LISTENING": {"start": "17:00", "end": "20:00"},
                             "INNER_CRITIC_REFRAME": {"start": "15:00", "end": "19:00"}}"""));

            Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations(MIGRATIONS).load().migrate();

            assertEquals(List.of("BODY_ANCHOR"), db.column("select jsonb_object_keys(windows) from reminder_preferences where user_id = 'recorded'"));
            assertEquals(List.of(), db.column("select unnest(declined_practices) from reminder_preferences where user_id = 'recorded'"));
            assertEquals(List.of("BODY_ANCHOR PENDING", "HONEST_SENTENCE SENT"), db.column(
                    "select practice || ' ' || status from scheduled_reminder where user_id = 'recorded' order by practice"),
                    "the waiting ritual reminder goes, what was sent stays");
            assertEquals(List.of("HONEST_SENTENCE"), db.column("select jsonb_object_keys(windows) from reminder_preferences where user_id = 'changed'"));
            assertEquals("10:00", db.column("select windows -> 'HONEST_SENTENCE' ->> 'start' from reminder_preferences where user_id = 'changed'").get(0));
            assertEquals(List.of("RITUAL_OF_OPENNESS"), db.column("select unnest(declined_practices) from reminder_preferences where user_id = 'changed'"));
        }
    }

    private static String preferences(String userId, String windows) {
        return """
                insert into reminder_preferences (user_id, time_zone, zone_from_entries, windows, days, quiet_start, quiet_end, daily_cap,
                    replan_at, updated_at)
                values ('%s', 'Europe/Berlin', true, '%s'::jsonb, '{MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY}', '22:30', '07:30', 2,
                    now(), now())""".formatted(userId, windows);
    }

    private static String reminder(String userId, String practice, String status) {
        return """
                insert into scheduled_reminder (id, user_id, practice, local_date, local_time, time_zone, due_at, reason, message, status)
                values ('%s', '%s', '%s', '2026-11-24', '21:00', 'Europe/Berlin', '2026-11-24T20:00:00Z', 'r', 'm', '%s')"""
                .formatted(UUID.randomUUID(), userId, practice, status);
    }
}
