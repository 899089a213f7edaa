package app.openly.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the CPU went during a measurement: utime+stime of each of the stack's processes (from /proc/&lt;pid&gt;/stat) at
 * the start and at the end, so a bench can say how many CPU-milliseconds one request cost in journal, the consumers,
 * PostgreSQL, Kafka and the load generator itself, and what share of the machine's cores each took (issue 17: the POST
 * run pays for the whole pipeline on the same cores, the JDBC ceiling does not).
 * <p>
 * The processes are the ones {@code ./openly up} started from this home: its {@code run/<name>.pid} files, and
 * PostgreSQL's postmaster ({@code pg/postmaster.pid}) with all its children (backends, WAL writer, checkpointer...).
 * A backend that exits between the two samples is not lost: the postmaster reaps it, and the kernel adds its time to
 * the postmaster's cutime/cstime, which are counted too. "other" is the rest of the box's busy time (/proc/stat), i.e.
 * whatever else ran: on a shared machine, other people's builds.
 */
final class ProcessCpu {

    /** The groups, in print order; "load generator" is this JVM. */
    static final List<String> GROUPS = List.of("journal", "reminder", "insights", "postgres", "kafka", "load generator");

    private static final long TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Openly runs on

    /** CPU ticks per group, the box's busy ticks, and when. */
    record Sample(Map<String, Long> ticks, long boxBusyTicks, long nanos) {
    }

    private final Path home;

    ProcessCpu(Path home) {
        this.home = home;
    }

    /** Whether /proc can be read (Linux); elsewhere the bench prints nothing about CPU. */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat")) && Files.isReadable(Path.of("/proc/stat"));
    }

    Sample sample() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (String name : List.of("journal", "reminder", "insights", "kafka")) {
            ticks.put(name, pidFile(home.resolve("run/" + name + ".pid")).map(pid -> ticks(pid, false)).orElse(-1L));
        }
        ticks.put("postgres", pidFile(home.resolve("pg/postmaster.pid")).map(ProcessCpu::postgresTicks).orElse(-1L));
        ticks.put("load generator", ticks(ProcessHandle.current().pid(), false));
        return new Sample(ticks, boxBusyTicks(), System.nanoTime());
    }

    /**
     * The lines a bench prints ({@code unit}: what one of the {@code requests} is, e.g. "entry"): per group CPU-ms per request and share of all cores, then the stack's sum, the rest of
     * the box ("other") and the whole box.
     */
    static List<String> describe(Sample before, Sample after, long requests, String unit, String what) {
        List<String> lines = new ArrayList<>();
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        int cpus = Runtime.getRuntime().availableProcessors();
        double capacityMs = seconds * cpus * 1000;
        lines.add(String.format("CPU during %s (%d in %.1f s, %d cores = %.0f CPU-ms available; from /proc/<pid>/stat):", what, requests,
                seconds, cpus, capacityMs));
        lines.add(String.format("  %-16s %12s %14s %12s", "process", "CPU-ms", "CPU-ms/" + unit, "of the cores"));
        long stack = 0;
        for (String group : GROUPS) {
            long b = before.ticks().getOrDefault(group, -1L);
            long a = after.ticks().getOrDefault(group, -1L);
            if (b < 0 || a < 0) {
                lines.add(String.format("  %-16s %12s", group, "not found"));
                continue;
            }
            long ms = (a - b) * 1000 / TICKS_PER_SECOND;
            stack += ms;
            lines.add(row(group, ms, requests, capacityMs));
        }
        lines.add(row("stack + loadgen", stack, requests, capacityMs));
        long box = (after.boxBusyTicks() - before.boxBusyTicks()) * 1000 / TICKS_PER_SECOND;
        lines.add(row("other processes", Math.max(0, box - stack), requests, capacityMs));
        lines.add(row("whole box busy", box, requests, capacityMs));
        return lines;
    }

    /** One group's CPU-ms per request between two samples; NaN when the group was not found in either. */
    static double msPerRequest(Sample before, Sample after, String group, long requests) {
        long b = before.ticks().getOrDefault(group, -1L);
        long a = after.ticks().getOrDefault(group, -1L);
        return b < 0 || a < 0 || requests <= 0 ? Double.NaN : (a - b) * 1000.0 / TICKS_PER_SECOND / requests;
    }

    /** The whole box's busy CPU-ms per request between two samples (/proc/stat: every process, this stack's or not). */
    static double boxMsPerRequest(Sample before, Sample after, long requests) {
        return requests <= 0 ? Double.NaN : (after.boxBusyTicks() - before.boxBusyTicks()) * 1000.0 / TICKS_PER_SECOND / requests;
    }

    private static String row(String name, long ms, long requests, double capacityMs) {
        return String.format("  %-16s %12d %14.2f %11.1f%%", name, ms, requests > 0 ? (double) ms / requests : Double.NaN,
                100 * ms / capacityMs);
    }

    /** The postmaster's own time, its reaped children's (cutime/cstime), and every live child's. */
    private static long postgresTicks(long postmaster) {
        long sum = ticks(postmaster, true);
        Optional<ProcessHandle> handle = ProcessHandle.of(postmaster);
        if (handle.isPresent()) {
            try (Stream<ProcessHandle> children = handle.get().children()) {
                sum += children.mapToLong(child -> Math.max(0, ticks(child.pid(), false))).sum();
            }
        }
        return sum;
    }

    private static Optional<Long> pidFile(Path file) {
        try {
            String first = Files.readAllLines(file).get(0).trim();
            return Optional.of(Long.parseLong(first));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** utime+stime (and with {@code withChildren} cutime+cstime) of one process, in clock ticks; -1 when it is gone. */
    static long ticks(long pid, boolean withChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * utime+stime, in clock ticks, of the threads of {@code pid} whose name (/proc/&lt;pid&gt;/task/&lt;tid&gt;/comm, at most 15
     * characters) starts with one of {@code prefixes}; -1 when the process cannot be read. A thread that ended between
     * two samples takes its time with it: read it for long-lived threads only (e.g. journal's outbox relay).
     */
    static long threadTicks(long pid, List<String> prefixes) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.mapToLong(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (prefixes.stream().noneMatch(name::startsWith)) {
                        return 0;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException e) {
                    return 0; // the thread ended while listed
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** journal's pid from this home's run/journal.pid, if it is there. */
    Optional<Long> journalPid() {
        return servicePid("journal");
    }

    /** A service's pid from this home's run/&lt;service&gt;.pid, if it is there. */
    Optional<Long> servicePid(String service) {
        return pidFile(home.resolve("run/" + service + ".pid"));
    }

    /** The whole box's busy ticks: user, nice, system, irq, softirq, steal (not idle, not iowait). */
    static long boxBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += i < f.length ? Long.parseLong(f[i]) : 0;
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
