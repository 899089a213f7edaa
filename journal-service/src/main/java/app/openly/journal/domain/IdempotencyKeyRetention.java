package app.openly.journal.domain;

import app.openly.journal.config.JournalConfig;
import app.openly.platform.schedule.RoundsBeforeShutdown;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/**
 * Forgets Idempotency-Keys older than {@link JournalConfig.IdempotencyKeys#keptFor()} (a day by default): a retry
 * comes within minutes or hours, and a key kept forever is a row and two index entries per entry for nothing. Replicas
 * may run it at once (each deletes what it finds; a batch that finds nothing ends a run).
 */
@ApplicationScoped
public class IdempotencyKeyRetention {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyRetention.class);

    @Inject
    IdempotencyKeyStore store;
    @Inject
    JournalConfig config;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry registry;
    @Inject
    RoundsBeforeShutdown rounds; // shutdown waits for a round already running, and starts none after

    private Counter deleted;
    private Counter failures;

    @PostConstruct
    void metrics() {
        // Counts only, never whose keys.
        deleted = registry.counter("openly.idempotency.keys.deleted");
        failures = registry.counter("openly.idempotency.keys.retention.failures");
    }

    // Hourly: a run deletes about an hour's keys. First run a minute after start, not beside the start (goal 5).
    @Scheduled(every = "${openly.journal.idempotency-keys.every:1h}", delayed = "${openly.journal.idempotency-keys.delay:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class, identity = "idempotency-key-retention")
    void onSchedule() {
        rounds.run(this::deleteOnce);
    }

    private void deleteOnce() {
        try {
            IdempotencyKeyStore.Deleted run = deleteExpired();
            if (run.keys() > 0) {
                LOG.infof("idempotency keys: deleted %d created before %s in %d batches", run.keys(), cutoff(), run.batches());
            }
        } catch (SQLException e) {
            failures.increment();
            // SQLState only; the next run deletes what this one left (a key kept longer only replays longer).
            LOG.warnf("idempotency key retention failed (%s, SQLState %s); the next run tries again",
                    e.getClass().getSimpleName(), e.getSQLState());
        }
    }

    /** The oldest {@code created_at} kept: {@code keptFor} before the injected clock's now. */
    public Instant cutoff() {
        return clock.instant().minus(config.idempotencyKeys().keptFor());
    }

    /** Deletes every key created before {@link #cutoff()}, batch by batch. */
    public IdempotencyKeyStore.Deleted deleteExpired() throws SQLException {
        IdempotencyKeyStore.Deleted run = store.deleteCreatedBefore(cutoff(), config.idempotencyKeys().batchSize());
        deleted.increment(run.keys());
        return run;
    }
}
