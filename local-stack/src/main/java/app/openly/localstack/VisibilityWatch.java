package app.openly.localstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * For {@link OpenLoopBench}: one consuming service's per-person counter, read from its database every poll interval,
 * and when each person's entries became visible there (a {@link VisibilityLedger} per phase).
 */
final class VisibilityWatch implements AutoCloseable {
    final String service;
    final Connection connection;
    final PreparedStatement query;
    final Map<String, Long> baseline = new HashMap<>();
    VisibilityLedger ledger = new VisibilityLedger();
    final AtomicLong polls = new AtomicLong();
    final AtomicLong pollNanos = new AtomicLong();
    /** The PostgreSQL backend serving this watch's connection: its CPU is what the watch costs the database. */
    final long backendPid;
    volatile boolean stopped;
    Thread thread;

    VisibilityWatch(String service, String jdbcUrl, String sql, LocalDate day) throws Exception {
        this.service = service;
        this.connection = BenchConditions.connect(jdbcUrl);
        try (PreparedStatement pid = connection.prepareStatement("select pg_backend_pid()"); ResultSet r = pid.executeQuery()) {
            r.next();
            backendPid = r.getLong(1);
        }
        this.query = connection.prepareStatement(sql);
        query.setString(1, OpenLoopBench.PRACTICE);
        query.setString(2, OpenLoopBench.PEOPLE_PREFIX + "%");
        if (day != null) {
            query.setObject(3, day);
        }
        baseline.putAll(read());
    }

    Map<String, Long> read() throws Exception {
        Map<String, Long> counts = new HashMap<>();
        long t0 = System.nanoTime();
        try (ResultSet r = query.executeQuery()) {
            while (r.next()) {
                counts.put(r.getString(1), r.getLong(2));
            }
        }
        pollNanos.addAndGet(System.nanoTime() - t0);
        polls.incrementAndGet();
        return counts;
    }

    void start(Duration every) {
        thread = new Thread(() -> {
            while (!stopped) {
                try {
                    Map<String, Long> counts = read();
                    long now = System.nanoTime();
                    synchronized (this) {
                        counts.forEach((user, n) -> ledger.seen(user, n - baseline.getOrDefault(user, 0L), now));
                    }
                } catch (Exception e) {
                    System.out.println("  (" + service + " poll failed: " + e.getMessage() + ")");
                }
                LockSupport.parkNanos(every.toNanos());
            }
        }, "bench-watch-" + service);
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void acknowledged(String user, long at) {
        ledger.acknowledged(user, at);
    }

    synchronized long pending() {
        return ledger.pending();
    }

    /** Ends the phase: its lag histogram, with what was never seen counted as not measured. */
    synchronized LatencyHistogram nextPhase() {
        VisibilityLedger finished = ledger;
        ledger = finished.next();
        return finished.close();
    }

    /** CPU-ms the watch's PostgreSQL backend has used so far (on this machine only; -1 when it cannot be read). */
    long backendCpuMillis() {
        long ticks = ProcessCpu.ticks(backendPid, false);
        return ticks < 0 ? -1 : ticks * 10;
    }

    double meanPollMillis() {
        return polls.get() == 0 ? 0 : pollNanos.get() / 1e6 / polls.get();
    }

    @Override
    public void close() throws Exception {
        stopped = true;
        if (thread != null) {
            thread.join(5000);
        }
        connection.close();
    }
}
