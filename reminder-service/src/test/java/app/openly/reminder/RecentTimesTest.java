package app.openly.reminder;

import app.openly.events.Practice;
import app.openly.reminder.domain.PracticeHistoryStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The re-plan's batch reads of practice_history against the one-person reads they replace (issue 17: both batch reads
 * became index ranges). Learned times ({@link PracticeHistoryStore#recentTimesOf}) answer what
 * {@link PracticeHistoryStore#recentTimes} answers for each person: the newest {@code limit} not deleted entries of each
 * practice, newest first, also when a person has more than {@code limit}.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class RecentTimesTest {

    @Inject
    PracticeHistoryStore history;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void batchReadEqualsTheOnePersonReadPerPractice() throws Exception {
        String ana = "recent-ana-" + UUID.randomUUID();
        String ben = "recent-ben-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-01-05T06:00:00Z");
        try (Connection c = dataSource.getConnection()) {
            // ana: 27 HONEST_SENTENCE entries (more than the limit), every 7th deleted, 3 BODY_ANCHOR; ben: 2 PRESENT_LISTENING.
            for (int i = 0; i < 27; i++) {
                insert(c, ana, Practice.HONEST_SENTENCE, start.plus(i, ChronoUnit.DAYS).plus(i * 7L, ChronoUnit.MINUTES), i % 7 == 3);
            }
            for (int i = 0; i < 3; i++) {
                insert(c, ana, Practice.BODY_ANCHOR, start.plus(i, ChronoUnit.HOURS), false);
            }
            for (int i = 0; i < 2; i++) {
                insert(c, ben, Practice.PRESENT_LISTENING, start.plus(i * 90L, ChronoUnit.MINUTES), false);
            }
        }
        int limit = 20;
        Map<String, Map<Practice, List<LocalTime>>> batch = QuarkusTransaction.requiringNew()
                .call(() -> history.recentTimesOf(Map.of(ana, java.util.EnumSet.allOf(Practice.class), ben, List.of(Practice.values())), limit));
        Map<String, Map<Practice, List<LocalTime>>> alone = QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Map<Practice, List<LocalTime>>> each = new java.util.HashMap<>();
            for (String person : List.of(ana, ben)) {
                for (Practice practice : Practice.values()) {
                    List<LocalTime> times = history.recentTimes(person, practice, limit);
                    if (!times.isEmpty()) {
                        each.computeIfAbsent(person, p -> new EnumMap<>(Practice.class)).put(practice, times);
                    }
                }
            }
            return each;
        });
        assertEquals(alone, batch);
        assertEquals(limit, batch.get(ana).get(Practice.HONEST_SENTENCE).size());
        assertEquals(3, batch.get(ana).get(Practice.BODY_ANCHOR).size());
        assertEquals(List.of(LocalTime.of(7, 30), LocalTime.of(6, 0)), batch.get(ben).get(Practice.PRESENT_LISTENING));
        // Only the practices asked for (the re-plan asks for the ones that remind).
        var bodyOnly = QuarkusTransaction.requiringNew().call(() -> history.recentTimesOf(Map.of(ana, List.of(Practice.BODY_ANCHOR)), limit));
        assertEquals(Map.of(ana, Map.of(Practice.BODY_ANCHOR, batch.get(ana).get(Practice.BODY_ANCHOR))), bodyOnly);
    }

    /**
     * The batch read of days done ({@link PracticeHistoryStore#daysDoneOf}, a skip from day to day) answers what the
     * one-person read answers, also for an entry whose local day is {@code from} although it occurred 13 hours before
     * {@code from} began in UTC (a zone 14 hours ahead), and leaves out the day before.
     */
    @Test
    void batchDaysDoneEqualTheOnePersonReadAtTheEdgeOfTheZones() throws Exception {
        String eve = "days-eve-" + UUID.randomUUID();
        String tom = "days-tom-" + UUID.randomUUID();
        java.time.LocalDate from = java.time.LocalDate.parse("2026-03-10");
        Instant fromUtc = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        try (Connection c = dataSource.getConnection()) {
            insert(c, eve, Practice.BODY_ANCHOR, fromUtc.minus(13, ChronoUnit.HOURS), false, "Pacific/Kiritimati"); // 01:00 on the 10th there
            insert(c, eve, Practice.BODY_ANCHOR, fromUtc.minus(30, ChronoUnit.HOURS), false, "Pacific/Kiritimati"); // the 9th there
            insert(c, eve, Practice.HONEST_SENTENCE, fromUtc.plus(3, ChronoUnit.DAYS), false, "UTC");
            insert(c, eve, Practice.HONEST_SENTENCE, fromUtc.plus(4, ChronoUnit.DAYS), true, "UTC");
            insert(c, tom, Practice.PRESENT_LISTENING, fromUtc.plus(11, ChronoUnit.HOURS), false, "Pacific/Pago_Pago"); // 00:00 on the 10th there
            insert(c, tom, Practice.PRESENT_LISTENING, fromUtc.minus(400, ChronoUnit.DAYS), false, "UTC");
        }
        var every = java.util.EnumSet.allOf(Practice.class);
        var batch = QuarkusTransaction.requiringNew().call(() -> history.daysDoneOf(Map.of(eve, every, tom, every), from));
        var alone = QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Map<Practice, java.util.Set<java.time.LocalDate>>> each = new java.util.HashMap<>();
            for (String person : List.of(eve, tom)) {
                for (Practice practice : Practice.values()) {
                    var days = history.daysDoneSince(person, practice, from);
                    if (!days.isEmpty()) {
                        each.computeIfAbsent(person, p -> new EnumMap<>(Practice.class)).put(practice, days);
                    }
                }
            }
            return each;
        });
        assertEquals(alone, batch);
        assertEquals(java.util.Set.of(from), batch.get(eve).get(Practice.BODY_ANCHOR));
        assertEquals(java.util.Set.of(from.plusDays(3)), batch.get(eve).get(Practice.HONEST_SENTENCE));
        assertEquals(java.util.Set.of(from), batch.get(tom).get(Practice.PRESENT_LISTENING));
    }

    private static void insert(Connection c, String userId, Practice practice, Instant occurredAt, boolean deleted) throws Exception {
        insert(c, userId, practice, occurredAt, deleted, "UTC");
    }

    /** A row as the consumer writes it: local date and time are the instant in the entry's zone. */
    private static void insert(Connection c, String userId, Practice practice, Instant occurredAt, boolean deleted, String zone)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement("insert into practice_history (entry_id, user_id, practice, version, deleted, "
                + "occurred_at, time_zone, local_date, local_time) values (?, ?, ?, 1, ?, ?, ?, ?, ?)")) {
            var local = occurredAt.atZone(java.time.ZoneId.of(zone));
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, userId);
            ps.setString(3, practice.name());
            ps.setBoolean(4, deleted);
            ps.setTimestamp(5, Timestamp.from(occurredAt));
            ps.setString(6, zone);
            ps.setObject(7, local.toLocalDate());
            ps.setObject(8, local.toLocalTime());
            ps.executeUpdate();
        }
    }
}
