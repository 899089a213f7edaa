package app.openly.reminder.messaging;

import app.openly.platform.schedule.RoundsBeforeShutdown;
import app.openly.reminder.domain.ritual.PartnerNudges;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;

/** Sends queued partner nudges on the due scan's beat (every replica; rows are claimed with SKIP LOCKED). */
@ApplicationScoped
public class PartnerNudgeScheduler {

    private static final Logger LOG = Logger.getLogger(PartnerNudgeScheduler.class);

    @Inject
    PartnerNudges nudges;
    @Inject
    Clock clock;
    @Inject
    RoundsBeforeShutdown rounds; // shutdown waits for a round already running, and starts none after

    @Scheduled(every = "${openly.reminders.scan-every:15s}", delayed = "${openly.reminders.scan-delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // no round once shutdown has begun: Hibernate and the pool close under it (an ERROR per stop, seen in the logs)
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        rounds.run(this::sendQueued);
    }

    private void sendQueued() {
        try {
            nudges.sendQueued(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf("partner nudges not sent, tried again on the next tick: %s", e.getClass().getSimpleName());
        }
    }
}
