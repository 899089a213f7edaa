package app.openly.platform.messaging;

import app.openly.platform.schedule.RoundsBeforeShutdown;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deletes the idempotency ledger's rows ({@code processed_event}, {@link ProcessedEvents}) that can no longer protect
 * against anything: processed longer ago than {@link LedgerRetentionConfig#retention()}, when Kafka no longer holds
 * any record that could deliver their event again. Without it the ledger grew by one row per event per consumer
 * forever, and every event's insert paid for an ever larger primary key (issue 17).
 * <p>
 * Bounded batches, each statement its own transaction ({@link LedgerRetentionConfig#batchSize()}), until a batch
 * deletes nothing. Safe when several replicas run it at once: a delete by cutoff is idempotent, a row another
 * replica deleted first is simply not counted here, and nothing else ever updates these rows. Runs hourly, first a
 * minute after start (not beside the start itself, like the other jobs).
 * <p>
 * The range scan uses the BRIN index on {@code processed_at} each service's migration creates. BRIN summaries only
 * ever widen: once vacuum lets new rows reuse the pages this job emptied, a page range would keep the deleted rows'
 * old minimum and match every later cutoff, and after one retention period every range would (a sequential scan per
 * batch; measured in the services' migrations that create the index). So after deleting, the job summarizes again
 * the page ranges it deleted from, which then describe only their surviving rows.
 */
@ApplicationScoped
public class LedgerRetention {

    private static final Logger LOG = Logger.getLogger(LedgerRetention.class);
    /** Created by each service's migration (journal V8, reminder V25, insights V9). */
    public static final String BRIN_INDEX = "processed_event_processed_at_brin";
    /** The index's pages_per_range as those migrations set it: one summarize call per range, not per deleted block. */
    public static final int PAGES_PER_RANGE = 32;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    LedgerRetentionConfig config;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry registry;
    @Inject
    RoundsBeforeShutdown rounds; // shutdown waits for a round already running, and starts none after

    private Counter deleted;
    private Counter failures;

    /** What one run did: rows deleted, statements it took, page ranges summarized again. */
    public record Run(long deleted, int batches, int rangesResummarized) {
    }

    @PostConstruct
    void metrics() {
        // openly_processed_events_deleted_total: rows only, never which ones. Dots only in the names (Prometheus reads
        // them the same either way; deploy-tests find meter names by dots). OpenlyLedgerRetentionFailing reads the second.
        deleted = registry.counter("openly.processed.events.deleted");
        failures = registry.counter("openly.processed.events.retention.failures");
    }

    @Scheduled(every = "${openly.processed-events.every:1h}", delayed = "${openly.processed-events.delay:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class, identity = "processed-events-retention")
    void onSchedule() {
        rounds.run(this::deleteOnce);
    }

    private void deleteOnce() {
        Instant cutoff = cutoff();
        try {
            Run run = deleteProcessedBefore(cutoff);
            if (run.deleted() > 0) {
                LOG.infof("idempotency ledger: deleted %d rows processed before %s in %d batches, %d page ranges summarized again",
                        run.deleted(), cutoff, run.batches(), run.rangesResummarized());
            }
        } catch (SQLException e) {
            failures.increment();
            // SQLState only: the next run (an hour later) deletes what this one left; nothing depends on it meanwhile.
            LOG.warnf("idempotency ledger retention failed (%s, SQLState %s); the next run tries again",
                    e.getClass().getSimpleName(), e.getSQLState());
        }
    }

    /** The oldest {@code processed_at} kept: {@link LedgerRetentionConfig#retention()} before the injected clock's now. */
    public Instant cutoff() {
        return clock.instant().minus(config.retention());
    }

    /** Deletes every row processed before {@link #cutoff()}, batch by batch. */
    public Run deleteExpired() throws SQLException {
        return deleteProcessedBefore(cutoff());
    }

    private Run deleteProcessedBefore(Instant before) throws SQLException {
        Timestamp cutoff = Timestamp.from(before);
        long total = 0;
        int batches = 0;
        Set<Long> ranges = new TreeSet<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true); // each batch its own transaction: short locks, a small WAL burst, progress kept
            try (PreparedStatement ps = c.prepareStatement(
                    // The ctids first (by the BRIN range scan, stopping at the batch size), then the rows by them (TID
                    // scan). processed_at is checked again on the row itself. Returns each deleted row's block number.
                    "delete from processed_event where ctid = any(array(select ctid from processed_event "
                            + "where processed_at < ? limit ?)) and processed_at < ? "
                            + "returning (ctid::text::point)[0]::bigint")) {
                int n;
                do {
                    ps.setTimestamp(1, cutoff);
                    ps.setInt(2, config.batchSize());
                    ps.setTimestamp(3, cutoff);
                    n = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            n++;
                            ranges.add(rs.getLong(1) / PAGES_PER_RANGE * PAGES_PER_RANGE);
                        }
                    }
                    batches++;
                    total += n;
                    deleted.increment(n);
                    // Until a batch deletes nothing, not until one comes back short: with two replicas racing, both
                    // may get a short batch (each deleted part of the same rows) while older rows remain.
                } while (n > 0);
            }
            int resummarized = ranges.isEmpty() ? 0 : resummarize(c, ranges);
            return new Run(total, batches, resummarized);
        }
    }

    /**
     * Summarizes the given page ranges of the BRIN index again, now that the deleted rows are dead (committed, so a new
     * summary leaves them out). A range between the two calls is unsummarized, which every scan treats as "may match":
     * never a wrong answer. Both calls take the table's SHARE UPDATE EXCLUSIVE lock (like vacuum, not like writes);
     * a short lock timeout skips the rest if a vacuum holds it, and vacuum itself summarizes unsummarized ranges.
     */
    private int resummarize(Connection c, Set<Long> ranges) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select to_regclass('" + BRIN_INDEX + "') is not null")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return 0; // a schema without the index (platform's own tests may run without it)
            }
        }
        int done = 0;
        try (Statement s = c.createStatement()) {
            s.execute("set lock_timeout = '2s'");
        }
        try (PreparedStatement forget = c.prepareStatement("select brin_desummarize_range(?::regclass, ?)");
             PreparedStatement summarize = c.prepareStatement("select brin_summarize_range(?::regclass, ?)")) {
            for (long range : ranges) {
                for (PreparedStatement ps : new PreparedStatement[] {forget, summarize}) {
                    ps.setString(1, BRIN_INDEX);
                    ps.setLong(2, range);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
                done++;
            }
        } catch (SQLException e) {
            // lock_not_available: a vacuum has the table, and it summarizes what is unsummarized itself.
            // insufficient_privilege: not the index's owner (the services own their tables: Flyway runs as them).
            if (!"55P03".equals(e.getSQLState()) && !"42501".equals(e.getSQLState())) {
                throw e;
            }
            LOG.debugf("idempotency ledger: page ranges left to vacuum (SQLState %s)", e.getSQLState());
        } finally {
            try (Statement s = c.createStatement()) {
                s.execute("reset lock_timeout");
            }
        }
        return done;
    }
}
