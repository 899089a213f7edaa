package app.openly.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU of this JVM's native threads by what they are, from /proc/self/task (utime+stime per thread): the JIT compilers
 * and the GC are not Java threads (ThreadMXBean does not list them), and on a short drain they can be a large part of
 * the JVM's CPU per event (issue 17). Groups by the thread's name (Linux keeps its first 15 characters). One copy for
 * the drain benches of reminder and insights.
 */
public final class TaskCpu {

    private TaskCpu() {
    }

    /** Ticks per thread id, with its group. */
    public record Snapshot(Map<String, Long> ticksByTask, Map<String, String> groupByTask) {
    }

    public static Snapshot snapshot() {
        Map<String, Long> ticks = new HashMap<>();
        Map<String, String> groups = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName().toString(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                    groups.put(task.getFileName().toString(), group(comm));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return new Snapshot(Map.of(), Map.of());
        }
        return new Snapshot(ticks, groups);
    }

    public static String group(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return "JIT";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("VM Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Periodic")) {
            return "GC+VM";
        }
        if (comm.startsWith("entry-events-co") || comm.startsWith("smallrye-kafka-")) {
            return "consumer";
        }
        if (comm.startsWith("vert.x-")) {
            return "vert.x";
        }
        if (comm.startsWith("data-plane") || comm.startsWith("kafka-") || comm.startsWith("broker") || comm.startsWith("controller")
                || comm.startsWith("quorum") || comm.startsWith("raft") || comm.startsWith("group-coord") || comm.startsWith("ExpirationRea")) {
            return "broker/producer";
        }
        return "other";
    }

    /** "group x.xxx, ..." in CPU-ms per event, largest first (a thread that ended in between loses its time). */
    public static String line(Snapshot before, Snapshot after, long events) {
        Map<String, Long> byGroup = new HashMap<>();
        after.ticksByTask().forEach((task, t) -> byGroup.merge(after.groupByTask().get(task), t - before.ticksByTask().getOrDefault(task, 0L),
                Long::sum));
        StringBuilder s = new StringBuilder("  JVM threads (/proc, CPU-ms/event):");
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> s.append(String.format(" %s %.3f", e.getKey(), e.getValue() * 10.0 / events)));
        return s.toString();
    }
}
