package app.openly.insights;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU-ms per event of the measured drain of {@code EntryEventsDrain*Bench} (issue 17): from the moment the consumer
 * has counted the warm-up's events to the moment it has counted the measured ones, the CPU of this JVM's threads
 * grouped by what they are (the service's consumer path, the in-process Kafka broker, the bench's producer, the
 * rest) and of the embedded PostgreSQL (postmaster and children from /proc, plus its reaped children). Sampled by a
 * watcher thread on the consumer's own counter; the line goes to the bench's report after the measured line.
 */
final class DrainCpu {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ

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
        this.postmaster = postmasterPid(dataSource);
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
            long pg0 = postgresTicks(postmaster);
            long t0 = System.nanoTime();
            while (counted() < endAt) {
                Thread.sleep(2);
            }
            Map<String, Long> threads1 = threadNanos();
            long pg1 = postgresTicks(postmaster);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long n = endAt - startAt;
            StringBuilder s = new StringBuilder(String.format("  CPU-ms per event (%d events, %.2f s): PostgreSQL %.3f", n, seconds,
                    (pg1 - pg0) * 1000.0 / TICKS_PER_SECOND / n));
            Map<String, Long> delta = new TreeMap<>();
            threads1.forEach((group, nanos) -> delta.put(group, nanos - threads0.getOrDefault(group, 0L)));
            delta.forEach((group, nanos) -> s.append(String.format(", %s %.3f", group, nanos / 1e6 / n)));
            line = s.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    static long postmasterPid(DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("show data_directory")) {
            rs.next();
            String pidLine = Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid")).get(0).trim();
            return Long.parseLong(pidLine);
        }
    }

    /** utime+stime of the postmaster and its live children, plus cutime+cstime of the postmaster (reaped backends). */
    static long postgresTicks(long postmaster) {
        long total = stat(postmaster, true);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    String[] f = fields(Long.parseLong(name));
                    if (f != null && Long.parseLong(f[1]) == postmaster) {
                        total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    private static long stat(long pid, boolean withChildren) {
        String[] f = fields(pid);
        if (f == null) {
            return 0;
        }
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return withChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
    }

    /** /proc/pid/stat's fields after the command: [0] state, [1] ppid, ..., [11] utime, [12] stime, [13] cutime, [14] cstime. */
    private static String[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
