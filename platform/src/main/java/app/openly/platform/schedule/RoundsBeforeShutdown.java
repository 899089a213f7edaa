package app.openly.platform.schedule;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets shutdown wait for a scheduled round that is already running, and starts none once shutdown has begun.
 * {@code skipExecutionIf = ApplicationNotRunning} only keeps a round from starting after shutdown began: a round that
 * started a moment before ran on while Hibernate and the pool closed under it ("Session/EntityManager is closed", an
 * ERROR at stop; CI's smoke caught insights' weekly round, whose first run comes 5 s after start, overlapping
 * {@code ./openly down}). {@link ShutdownEvent} observers run before those close, so this one waits there.
 */
@ApplicationScoped
public class RoundsBeforeShutdown {

    /** Longest shutdown waits for a running round (below quarkus.shutdown.timeout and the pods' grace period). */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(15);

    /** Rounds hold the read lock while they run; shutdown takes the write lock, so it waits for every running round. */
    private final ReadWriteLock running = new ReentrantReadWriteLock();
    private volatile boolean stopping;

    /** Runs {@code round} now, unless shutdown has begun (then not at all). */
    public void run(Runnable round) {
        if (stopping || !running.readLock().tryLock()) {
            return;
        }
        try {
            if (!stopping) {
                round.run();
            }
        } finally {
            running.readLock().unlock();
        }
    }

    void beforeShutdown(@Observes ShutdownEvent event) {
        stopUntilRoundsEnd(LONGEST_WAIT);
    }

    /** No round starts from now on; returns when the running ones have ended, or after {@code longest}. */
    void stopUntilRoundsEnd(Duration longest) {
        stopping = true;
        try {
            if (running.writeLock().tryLock(longest.toMillis(), TimeUnit.MILLISECONDS)) {
                running.writeLock().unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
