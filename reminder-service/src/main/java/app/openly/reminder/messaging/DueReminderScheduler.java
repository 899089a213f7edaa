package app.openly.reminder.messaging;

import app.openly.platform.schedule.RoundsBeforeShutdown;
import app.openly.reminder.domain.DueReminders;
import app.openly.reminder.domain.Replanner;
import io.quarkus.scheduler.Scheduled;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every few seconds: publishes reminders that fell due and rolls the schedule forward for people whose
 * local day turned. Safe on every replica at once (rows are claimed with SKIP LOCKED); a failed round
 * (e.g. the database restarting) is simply repeated on the next tick.
 */
@ApplicationScoped
public class DueReminderScheduler {

    private static final Logger LOG = Logger.getLogger(DueReminderScheduler.class);

    /** Prometheus: reminders claimed and handed to the outbox; alerts compare the last scan's time with now. */
    public static final String PUBLISHED = "openly.reminders.published";
    public static final String LAST_SCAN = "openly.reminders.last.scan.epoch.seconds";

    @Inject
    DueReminders dueReminders;
    @Inject
    Replanner replanner;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry registry;
    @Inject
    RoundsBeforeShutdown rounds; // shutdown waits for a round already running, and starts none after

    private Counter published;
    private final AtomicLong lastScan = new AtomicLong();

    @PostConstruct
    void metrics() {
        published = registry.counter(PUBLISHED);
        // The wall-clock time of the last complete round: a stalled scheduler shows as a growing gap to time().
        Gauge.builder(LAST_SCAN, lastScan, AtomicLong::get).register(registry);
    }

    @Scheduled(every = "${openly.reminders.scan-every:15s}", delayed = "${openly.reminders.scan-delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // no round once shutdown has begun: Hibernate and the pool close under it (an ERROR per stop, seen in the logs)
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        rounds.run(this::scanOnce);
    }

    private void scanOnce() {
        try {
            runOnce(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf("reminder scan failed, retried on the next tick: %s", e.getClass().getSimpleName());
        }
    }

    /** One round at {@code now}: every due reminder, then every person due for re-planning, batch by batch. */
    public void runOnce(Instant now) {
        // A full batch (of due reminders, or of unanswered ones to count as ignored) means there may be more;
        // partial ones mean the backlog is done.
        DueReminders.Batch batch;
        do {
            batch = dueReminders.publishDue(now);
            published.increment(batch.published());
        } while (dueReminders.full(batch));
        while (replanner.replanDue(now) >= dueReminders.batchSize()) {
            LOG.debug("more people to re-plan, next batch");
        }
        lastScan.set(clock.instant().getEpochSecond());
    }
}
