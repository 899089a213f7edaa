package app.openly.insights;

import app.openly.testsupport.ProcessCpu;
import app.openly.testsupport.DrainRecording;
import app.openly.testsupport.TaskCpu;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU-ms per event of the measured drain of {@code EntryEventsDrain*Bench} (issue 17): from the moment the consumer
 * has counted the warm-up's events to the moment it has counted the measured ones, the CPU of this JVM's threads
 * grouped by what they are (the service's consumer path, the in-process Kafka broker, the bench's producer, the
 * rest) and of the embedded PostgreSQL (postmaster and children from /proc, plus its reaped children). Sampled by a
 * watcher thread on the consumer's own counter; the line goes to the bench's report after the measured line.
 */
final class DrainCpu {

    private final MeterRegistry registry;
    private final long startAt;
    private final long endAt;
    private final long postmaster;
    private volatile String line;
    private final Thread watcher;

    DrainCpu(MeterRegistry registry, DataSource dataSource, int warmUpEvents, int events) throws Exception {
        this.registry = registry;
        this.startAt = warmUpEvents;
        this.endAt = (long) warmUpEvents + events;
        this.postmaster = ProcessCpu.postmasterPid(dataSource);
        this.watcher = new Thread(this::watch, "bench-drain-cpu");
        watcher.setDaemon(true);
        watcher.start();
    }

    private double counted() {
        return Search.in(registry).name("openly.entry.events").tag("outcome", "applied").counters().stream()
                .mapToDouble(c -> c.count()).sum()
                + Search.in(registry).name("openly.entry.events").tag("outcome", "duplicate").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private void watch() {
        try {
            while (counted() < startAt) {
                Thread.sleep(2);
            }
            Map<String, Long> threads0 = threadNanos();
            long pg0 = ProcessCpu.postgresTicks(postmaster);
            long t0 = System.nanoTime();
            TaskCpu.Snapshot tasks0 = TaskCpu.snapshot();
            jdk.jfr.Recording jfr = DrainRecording.start("insights-service");
            while (counted() < endAt) {
                Thread.sleep(2);
            }
            Map<String, Long> threads1 = threadNanos();
            long pg1 = ProcessCpu.postgresTicks(postmaster);
            TaskCpu.Snapshot tasks1 = TaskCpu.snapshot();
            DrainRecording.stop(jfr);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long n = endAt - startAt;
            StringBuilder s = new StringBuilder(String.format("  CPU-ms per event (%d events, %.2f s): PostgreSQL %.3f", n, seconds,
                    ProcessCpu.millis(pg1 - pg0) / n));
            Map<String, Long> delta = new TreeMap<>();
            threads1.forEach((group, nanos) -> delta.put(group, nanos - threads0.getOrDefault(group, 0L)));
            delta.forEach((group, nanos) -> s.append(String.format(", %s %.3f", group, nanos / 1e6 / n)));
            s.append(System.lineSeparator()).append(TaskCpu.line(tasks0, tasks1, n));
            line = s.toString();
        } catch (IOException e) {
            line = "  CPU-ms per event: not measured (/proc unreadable: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            line = "  CPU-ms per event: not measured (" + e + ")";
        }
    }

    /** Waits for the watcher (the drain has ended) and appends its line to the report. */
    void report(Path file) throws Exception {
        watcher.join(10_000);
        String l = line == null ? "  CPU-ms per event: not measured (the drain did not end while watched)" : line;
        System.out.println(l);
        Files.writeString(file, l + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Live threads' CPU by group; a thread that ends between the samples loses its time (the groups are long-lived). */
    static Map<String, Long> threadNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, String> names = new HashMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> names.put(t.getId(), t.getName()));
        Map<String, Long> groups = new TreeMap<>();
        for (long id : mx.getAllThreadIds()) {
            long nanos = mx.getThreadCpuTime(id);
            String name = names.getOrDefault(id, "");
            if (nanos > 0) {
                groups.merge(group(name), nanos, Long::sum);
            }
        }
        return groups;
    }

    /** The service's consumer path: the platform worker, SmallRye's Kafka poll thread, Vert.x, the DLQ producer. */
    static String group(String name) {
        if (name.equals("entry-events-consumer") || name.startsWith("smallrye-kafka-consumer-thread")
                || name.startsWith("vert.x-") || name.startsWith("kafka-producer-network-thread | kafka-producer-entry-events")) {
            return "service consumer threads";
        }
        if (name.startsWith("kafka-producer-network-thread") || name.equals("main") || name.startsWith("bench-")) {
            return "bench threads (producer, watcher)";
        }
        if (name.startsWith("data-plane-") || name.startsWith("kafka-") || name.contains("Kafka") || name.startsWith("broker-")
                || name.startsWith("controller-") || name.startsWith("quorum") || name.startsWith("raft") || name.contains("kraft")
                || name.startsWith("ExpirationReaper") || name.startsWith("LogDirFailure") || name.startsWith("group-coordinator")
                || name.startsWith("share-") || name.startsWith("executor-")) {
            return "kafka broker";
        }
        return "other JVM threads";
    }
}
