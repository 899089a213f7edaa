package app.openly.reminder.messaging;

import app.openly.reminder.domain.ReminderService;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Every few seconds: publishes reminders that fell due and rolls the schedule forward for people whose
 * local day turned. Safe on every replica at once (rows are claimed with SKIP LOCKED); a failed round
 * (e.g. the database restarting) is simply repeated on the next tick.
 */
@ApplicationScoped
public class DueReminderScheduler {

    private static final Logger LOG = Logger.getLogger(DueReminderScheduler.class);

    @Inject
    ReminderService reminders;
    @Inject
    Clock clock;

    @Scheduled(every = "${openly.reminders.scan-every:15s}", delayed = "${openly.reminders.scan-delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            runOnce(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf("reminder scan failed, retried on the next tick: %s", e.getClass().getSimpleName());
        }
    }

    /** One round at {@code now}: every due reminder, then every person due for re-planning, batch by batch. */
    public void runOnce(Instant now) {
        // A full batch means there may be more; a partial one means the backlog is done.
        while (reminders.publishDue(now) >= reminders.batchSize()) {
            LOG.debug("more reminders due, next batch");
        }
        while (reminders.replanDue(now) >= reminders.batchSize()) {
            LOG.debug("more people to re-plan, next batch");
        }
    }
}
