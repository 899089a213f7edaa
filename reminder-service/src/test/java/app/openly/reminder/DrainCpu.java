package app.openly.reminder;

import app.openly.testsupport.ConsumerDrain;
import app.openly.testsupport.EntryEventsDrainBenchBase;
import app.openly.testsupport.ProcessCpu;
import app.openly.testsupport.DrainRecording;
import app.openly.testsupport.TaskCpu;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * CPU per event of a drain ({@code bench/consumers.sh}, issue 17): the figure that survives a noisy box, where events/s
 * do not. utime+stime from /proc of this JVM (the service, but also the in-process Kafka broker and the producer of
 * the backlog), of the consumer's own threads (the Kafka poll thread and the worker that applies batches: what the
 * service pays per event, without the broker) and of the PostgreSQL serving the test database ({@link ProcessCpu}).
 */
final class DrainCpu {

    private record Sample(long jvmTicks, long consumerThreadNanos, long postgresTicks) {
    }

    /** What PostgreSQL wrote and committed, counted by itself: independent of the box's load. */
    private record Writes(long walBytes, long rowsWritten, long commits) {
    }

    private DrainCpu() {
    }

    /** The drain of {@link EntryEventsDrainBenchBase} (warm-up, then the measured backlog), with its CPU line after it. */
    static void measure(String label, int warmUpEvents, DataSource dataSource) throws Exception {
        ConsumerDrain.measure("warm-up", warmUpEvents, 100);
        long postmaster = ProcessCpu.postmasterPid(dataSource);
        Thread.sleep(1500); // the warm-up's table statistics flushed (backends send them at most once a second)
        Writes writesBefore = writes(dataSource);
        Sample before = sample(postmaster);
        TaskCpu.Snapshot tasksBefore = TaskCpu.snapshot();
        jdk.jfr.Recording jfr = DrainRecording.start("reminder-service");
        ConsumerDrain.Result result = ConsumerDrain.measure(label, EntryEventsDrainBenchBase.EVENTS, EntryEventsDrainBenchBase.PEOPLE);
        Sample after = sample(postmaster);
        TaskCpu.Snapshot tasksAfter = TaskCpu.snapshot();
        DrainRecording.stop(jfr);
        Thread.sleep(1500);
        Writes writesAfter = writes(dataSource);
        ConsumerDrain.report(result, EntryEventsDrainBenchBase.REPORT);
        int n = result.events();
        double jvm = ProcessCpu.millis(after.jvmTicks - before.jvmTicks) / n;
        double threads = (after.consumerThreadNanos - before.consumerThreadNanos) / 1e6 / n;
        double pg = ProcessCpu.millis(after.postgresTicks - before.postgresTicks) / n;
        String line = String.format("  CPU-ms/event: JVM %.3f (consumer threads %.3f)  PostgreSQL %.3f  JVM+PostgreSQL %.3f",
                jvm, threads, pg, jvm + pg);
        line += String.format("%n  PostgreSQL per event: WAL %.0f bytes, rows inserted+updated+deleted %.2f; events per commit %.1f",
                (writesAfter.walBytes - writesBefore.walBytes) / (double) n, (writesAfter.rowsWritten - writesBefore.rowsWritten) / (double) n,
                n / (double) Math.max(1, writesAfter.commits - writesBefore.commits));
        line += System.lineSeparator() + TaskCpu.line(tasksBefore, tasksAfter, n);
        System.out.println(line);
        Files.writeString(EntryEventsDrainBenchBase.REPORT, line + System.lineSeparator(), java.nio.file.StandardOpenOption.APPEND);
    }

    private static Sample sample(long postmaster) throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long threadNanos = 0;
        for (var info : mx.dumpAllThreads(false, false)) {
            String name = info.getThreadName();
            // SmallRye's poll thread and the platform consumer's worker (EntryEventsConsumer)
            if (name.startsWith("smallrye-kafka-consumer-thread") || name.equals("entry-events-consumer")) {
                threadNanos += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return new Sample(ProcessCpu.ownTicks(), threadNanos, ProcessCpu.postgresTicks(postmaster));
    }

    private static Writes writes(DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                select pg_current_wal_lsn() - '0/0', tup_inserted + tup_updated + tup_deleted, xact_commit
                from pg_stat_database where datname = current_database()""")) {
            rs.next();
            return new Writes(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }
}
