package app.openly.platform.messaging;

import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the entry-events consumer is waiting for a dependency, since when and why. Logs once when a wait
 * starts and once when it ends (never once per attempt: an outage of minutes must not flood the log).
 */
@ApplicationScoped
public class ConsumerState {

    private volatile Instant waitingSince;
    private volatile String waitingAt;
    private volatile String lastFailure;
    private volatile long attempts;

    public boolean waiting() {
        return waitingSince != null;
    }

    public Instant waitingSince() {
        return waitingSince;
    }

    public String waitingAt() {
        return waitingAt;
    }

    public String lastFailure() {
        return lastFailure;
    }

    public long attempts() {
        return attempts;
    }

    synchronized void waiting(Logger log, String where, String failure) {
        attempts++;
        lastFailure = failure;
        waitingAt = where;
        if (waitingSince == null) {
            waitingSince = Instant.now();
            log.warnf("entry-events consumer paused at %s: %s; retrying with backoff until it works (nothing is dead-lettered)",
                    where, failure);
        }
    }

    synchronized void recovered(Logger log) {
        if (waitingSince != null) {
            log.infof("entry-events consumer resumed at %s after %d ms and %d retries", waitingAt,
                    Duration.between(waitingSince, Instant.now()).toMillis(), attempts);
            waitingSince = null;
            attempts = 0;
        }
    }
}
