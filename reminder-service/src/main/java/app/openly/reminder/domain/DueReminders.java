package app.openly.reminder.domain;

import app.openly.events.EventEnvelope;
import app.openly.events.ReminderDue;
import app.openly.events.Topics;
import app.openly.platform.outbox.Outbox;
import app.openly.reminder.config.ReminderConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** The due scan: publishes reminders that fell due, and counts the sent ones nobody answered as ignored. */
@ApplicationScoped
public class DueReminders {

    @Inject
    ScheduleStore schedule;
    @Inject
    PracticeResponseStore responses;
    @Inject
    Outbox outbox;
    @Inject
    ReminderConfig config;

    /** What one call did: reminders published, and sent reminders counted as ignored. */
    public record Batch(int published, int ignored) {
    }

    public int batchSize() {
        return config.batchSize();
    }

    /** Whether a batch was full, so there may be more waiting in this round. */
    public boolean full(Batch batch) {
        return batch.published() >= config.batchSize() || batch.ignored() >= config.batchSize();
    }

    /**
     * Publishes reminders due at {@code now}, and counts unanswered ones as ignored, at most one batch of
     * each. Each is published
     * exactly once even with several replicas: rows are claimed with {@code FOR UPDATE SKIP LOCKED}, and
     * the ReminderDue outbox row commits in the same transaction that marks the reminder SENT.
     */
    @Transactional
    public Batch publishDue(Instant now) {
        List<ScheduleStore.Claimed> due = schedule.claimDue(now, config.batchSize());
        List<EventEnvelope> events = new ArrayList<>(due.size());
        for (ScheduleStore.Claimed r : due) {
            var payload = new ReminderDue(r.id(), r.practice(), r.dueAt(), r.localTime(), r.timeZone(), r.message(), r.reason());
            // One event id per reminder and due time: a snoozed reminder that falls due again is a new event.
            UUID eventId = UUID.nameUUIDFromBytes((r.id() + "|" + r.dueAt()).getBytes(StandardCharsets.UTF_8));
            events.add(EventEnvelope.of(eventId, now, r.userId(), null, payload));
        }
        events.sort(Comparator.comparing((EventEnvelope e) -> ((ReminderDue) e.payload()).dueAt()));
        // A burst at a popular minute is one batch for the outbox, not a round trip per reminder.
        outbox.addAll(Topics.REMINDERS_DUE, events);
        // Sent reminders nobody answered, and that were not followed by the practice, count as ignored.
        List<ScheduleStore.Unanswered> ignored = schedule.markIgnored(now, now.minus(config.helpfulWithin()), config.batchSize());
        for (ScheduleStore.Unanswered reminder : ignored) {
            if (!reminder.helpful()) {
                responses.countUnanswered(reminder.userId(), reminder.practice());
            }
        }
        return new Batch(due.size(), ignored.size());
    }
}
