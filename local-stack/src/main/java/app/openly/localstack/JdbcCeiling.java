package app.openly.localstack;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The database's ceiling for {@code POST /entries}: {@link JournalWriteTransaction} from N clients, one connection
 * each (the service's pool hands each request one too), each starting its next transaction when the last committed,
 * on {@link CeilingCopies} of the service's tables. Preparing the copies and measuring are two steps, so a bench can
 * print what the ceiling ran on and sample CPU around the measurement alone (copying 10^5 entries is PostgreSQL work
 * that no transaction of the ceiling does).
 */
final class JdbcCeiling implements AutoCloseable {

    record Result(long transactions, int errors, double seconds, LatencyHistogram latency, String firstError) {
        double perSecond() {
            return transactions / seconds;
        }

        @Override
        public String toString() {
            return String.format("%-34s %8.0f tx/s    %s%s", "JDBC write transaction (ceiling)", perSecond(), latency.summary(),
                    errors == 0 ? "" : "   " + errors + " errors, first: " + firstError);
        }
    }

    private final Connection admin;
    private final CeilingCopies.Prepared copies;
    private final List<Connection> connections;

    private JdbcCeiling(Connection admin, CeilingCopies.Prepared copies, List<Connection> connections) {
        this.admin = admin;
        this.copies = copies;
        this.connections = connections;
    }

    /**
     * Copies the service's tables (see {@link CeilingCopies}) and opens the {@code clients} connections, so neither is
     * inside {@link #measure}; {@link #close} closes them and drops the copies. Closing only then also keeps the
     * backends alive until a CPU sample after {@link #measure} has counted them (an ended backend's time reaches the
     * postmaster's only once it is reaped).
     */
    static JdbcCeiling prepare(String journalJdbcUrl, int clients) throws Exception {
        Connection admin = BenchConditions.connect(journalJdbcUrl);
        List<Connection> connections = new ArrayList<>();
        try {
            CeilingCopies.Prepared copies = CeilingCopies.prepare(admin);
            for (int c = 0; c < clients; c++) {
                Connection connection = BenchConditions.connect(journalJdbcUrl);
                connections.add(connection);
                CeilingCopies.use(connection);
            }
            return new JdbcCeiling(admin, copies, connections);
        } catch (Exception e) {
            try {
                new JdbcCeiling(admin, null, connections).close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    CeilingCopies.Prepared copies() {
        return copies;
    }

    /** Each connection writing for {@code duration}, person {@code prefix + (i % people)} in turn. */
    Result measure(String prefix, int people, Duration duration, JournalWriteTransaction tx) throws Exception {
        LatencyHistogram latency = new LatencyHistogram();
        AtomicInteger counter = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(connections.size());
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (Connection connection : connections) {
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        int i = counter.getAndIncrement();
                        long t0 = System.nanoTime();
                        try {
                            tx.write(connection, prefix + (i % people), "ceiling-" + UUID.randomUUID());
                            latency.recordNanos(System.nanoTime() - t0);
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "bench-ceiling");
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(latency.count(), errors.get(), seconds, latency, firstError.get());
    }

    @Override
    public void close() throws Exception {
        try (admin) {
            for (Connection c : connections) {
                c.close();
            }
            CeilingCopies.drop(admin);
        }
    }
}
