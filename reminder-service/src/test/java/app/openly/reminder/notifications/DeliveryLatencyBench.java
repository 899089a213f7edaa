package app.openly.reminder.notifications;

import app.openly.reminder.ReminderTestInfrastructure;
import app.openly.reminder.messaging.DueReminderScheduler;
import app.openly.testsupport.push.PushServiceStandIn;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Not part of the normal build ({@code -Dbench=true -Dtest=DeliveryLatencyBench}): 10,000 people, one Web Push
 * subscription each, all reminders due within the same minute; the real due scan (production batch size 500,
 * run every second here), outbox relay, Kafka, the delivery consumer and the push-service stand-in (which
 * decrypts every message). Reports the latency from each reminder's due time to its receipt by the push service.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
@io.quarkus.test.junit.TestProfile(DeliveryLatencyBench.ProductionBatches.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class DeliveryLatencyBench {

    /** The production batch size (tests otherwise use small batches to make schedulers interleave). */
    public static class ProductionBatches implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openly.reminders.batch-size", "500");
        }
    }

    static final int PEOPLE = Integer.getInteger("bench.people", 10_000);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    DueReminderScheduler scheduler;

    @Test
    void tenThousandRemindersDueInTheSameMinute() throws Exception {
        try (PushServiceStandIn push = PushServiceStandIn.start(null)) {
            Instant minute = Instant.now().plusSeconds(70).truncatedTo(ChronoUnit.MINUTES);
            Map<String, Instant> dueAt = new HashMap<>();
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement prefs = c.prepareStatement("""
                        insert into reminder_preferences (user_id, time_zone, zone_from_entries, windows, days, daily_cap, replan_at, updated_at)
                        values (?, 'UTC', false, '{}'::jsonb, '{MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY}', 10, now() + interval '7 days', now())""");
                     PreparedStatement subs = c.prepareStatement(
                             "insert into web_push_subscription (id, user_id, endpoint, p256dh, auth, created_at) values (?, ?, ?, ?, ?, now())");
                     PreparedStatement reminders = c.prepareStatement("""
                             insert into scheduled_reminder (id, user_id, practice, local_date, local_time, time_zone, due_at, reason, message, status)
                             values (?, ?, 'BODY_ANCHOR', ?, ?, 'UTC', ?, 'bench', ?, 'PENDING')""")) {
                    for (int i = 0; i < PEOPLE; i++) {
                        String user = "bench-" + i;
                        PushServiceStandIn.Subscription s = push.subscribe();
                        // Spread evenly over the minute.
                        Instant due = minute.plusMillis(60_000L * i / PEOPLE);
                        prefs.setString(1, user);
                        prefs.addBatch();
                        subs.setObject(1, UUID.randomUUID());
                        subs.setString(2, user);
                        subs.setString(3, s.endpoint());
                        subs.setString(4, s.p256dh());
                        subs.setString(5, s.auth());
                        subs.addBatch();
                        UUID reminderId = UUID.randomUUID();
                        reminders.setObject(1, reminderId);
                        reminders.setString(2, user);
                        reminders.setObject(3, due.atOffset(java.time.ZoneOffset.UTC).toLocalDate());
                        reminders.setObject(4, due.atOffset(java.time.ZoneOffset.UTC).toLocalTime());
                        reminders.setTimestamp(5, Timestamp.from(due));
                        reminders.setString(6, app.openly.reminder.domain.logic.Messages.message(app.openly.events.Practice.BODY_ANCHOR));
                        reminders.addBatch();
                        dueAt.put(s.id(), due);
                    }
                    prefs.executeBatch();
                    subs.executeBatch();
                    reminders.executeBatch();
                }
                c.commit();
            }
            // The due scan, every second (production: every 15 s, which adds up to 15 s to every figure below).
            Instant end = minute.plusSeconds(60 + 240);
            while (Instant.now().isBefore(end) && push.received().stream().filter(r -> r.status() == 201).count() < PEOPLE) {
                long t = System.currentTimeMillis();
                scheduler.runOnce(Instant.now());
                Thread.sleep(Math.max(0, 1000 - (System.currentTimeMillis() - t)));
            }
            List<Long> latencies = new ArrayList<>();
            for (var r : push.received()) {
                if (r.status() == 201 && dueAt.containsKey(r.subscriptionId())) {
                    latencies.add(Duration.between(dueAt.get(r.subscriptionId()), r.at()).toMillis());
                }
            }
            latencies.sort(Long::compare);
            String result = String.format("people=%d delivered=%d p50=%d ms p99=%d ms max=%d ms (due -> push-service receipt, scan every 1 s, "
                            + "batch 500, embedded PG fsync=off, 1 Kafka broker, 3 partitions, one JVM on this machine)%n",
                    PEOPLE, latencies.size(), pct(latencies, 0.50), pct(latencies, 0.99), latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
            System.out.print(result);
            Files.writeString(Path.of("target/delivery-latency.txt"), result);
            assertEquals(PEOPLE, latencies.size(), "every reminder delivered exactly once");
        }
    }

    static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }
}
