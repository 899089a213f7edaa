package app.openly.reminder.messaging;

import app.openly.platform.schedule.RoundsBeforeShutdown;
import app.openly.reminder.domain.email.WeeklyLetters;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Sends the weekly letters whose local morning has come (every 30 s by default; replicas share the work). */
@ApplicationScoped
public class WeeklyLetterScheduler {

    @Inject
    WeeklyLetters letters;
    @Inject
    RoundsBeforeShutdown rounds; // shutdown waits for a round already running, and starts none after

    // First round a few seconds after start (like the reminder scan's scan-delay), not beside the start itself.
    @Scheduled(every = "${openly.email.letter.every}", delayed = "${openly.email.letter.delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class, identity = "weekly-letters")
    void sendDue() {
        rounds.run(letters::sendDue);
    }
}
