package app.openly.reminder;

import app.openly.events.EventEnvelope;
import app.openly.platform.messaging.EntryEventsConsumer;
import app.openly.testsupport.TestClock;
import app.openly.testsupport.contract.BatchEquivalenceContract;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * Reminder's batch path (each person re-planned once, together, after their last event of the batch) leaves the
 * rows applying the events one by one leaves: history, activity, preferences, the planned schedule.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class BatchEquivalenceTest extends BatchEquivalenceContract {

    @Inject
    EntryEventsConsumer.Applier applier;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    TestClock clock;

    @Override
    protected void applyAsOneBatch(List<EventEnvelope> events) {
        applier.applyAllOnce(events);
    }

    @Override
    protected void applyAlone(EventEnvelope event) {
        applier.applyOnce(event);
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected TestClock clock() {
        return clock;
    }

    /**
     * What the entry events read besides the history: ana chose HONEST_SENTENCE and declined BODY_ANCHOR (her BODY_ANCHOR
     * entry chooses nothing) and has a reminder sent an hour before her first entry (helpful); ben fixed his zone and
     * is backing off both practices (his stale BODY_ANCHOR recording must not reset its count); eli has a snoozed reminder
     * on the day of her first entry (dropped) and another on a later day, and an activity row later than her entries.
     */
    @Override
    protected void given(List<String> people) throws SQLException {
        String ana = people.get(0), ben = people.get(1), eli = people.get(4);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String days = "'{MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY}'";
            s.executeUpdate("""
                    insert into reminder_preferences (user_id, time_zone, zone_from_entries, windows, days, quiet_start, quiet_end, daily_cap,
                        paused_until, declined_practices, replan_at, updated_at) values
                    ('%s', 'Europe/Berlin', true, '{"HONEST_SENTENCE": {"start": "12:00", "end": "18:00"}}', %s, '22:30', '07:30', 2, null,
                        '{BODY_ANCHOR}', '2026-11-20T00:00Z', '2026-11-20T00:00Z'),
                    ('%s', 'Europe/Lisbon', false, '{}', %s, '22:30', '07:30', 2, null, '{}', '2026-11-20T00:00Z', '2026-11-20T00:00Z')"""
                    .formatted(ana, days, ben, days));
            s.executeUpdate("""
                    insert into scheduled_reminder (id, user_id, practice, local_date, local_time, time_zone, due_at, reason, message, status,
                        snoozed, sent_at) values
                    ('%s', '%s', 'HONEST_SENTENCE', '2026-11-24', '19:00', 'Europe/Berlin', '2026-11-24T18:00Z', 'r', 'm', 'SENT', false,
                        '2026-11-24T18:00Z'),
                    ('%s', '%s', 'BODY_ANCHOR', '2026-11-26', '08:00', 'Europe/Berlin', '2026-11-26T07:00Z', 'r', 'm', 'PENDING', true, null),
                    ('%s', '%s', 'BODY_ANCHOR', '2026-11-28', '08:00', 'Europe/Berlin', '2026-11-28T07:00Z', 'r', 'm', 'PENDING', true, null)"""
                    .formatted(id(ana, 1), ana, id(eli, 1), eli, id(eli, 2), eli));
            s.executeUpdate("""
                    insert into practice_response (user_id, practice, unanswered_in_a_row) values
                    ('%s', 'HONEST_SENTENCE', 3), ('%s', 'BODY_ANCHOR', 2)""".formatted(ben, ben));
            s.executeUpdate("""
                    insert into practice_activity (user_id, practice, time_zone, last_local_date, last_local_time, last_occurred_at,
                        entries_seen, updated_at) values
                    ('%s', 'BODY_ANCHOR', 'Europe/Paris', '2026-11-27', '09:00', '2026-11-27T08:00Z', 5, '2026-11-27T08:00Z')"""
                    .formatted(eli));
        }
    }

    private static UUID id(String person, int n) {
        return UUID.nameUUIDFromBytes((person + n).getBytes(StandardCharsets.UTF_8));
    }
}
