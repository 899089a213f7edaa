package app.openly.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessCpuTest {

    @Test
    void perRequestAndShareOfTheCoresComeFromTheTickDeltas() {
        Map<String, Long> before = new LinkedHashMap<>();
        Map<String, Long> after = new LinkedHashMap<>();
        ProcessCpu.GROUPS.forEach(g -> {
            before.put(g, 0L);
            after.put(g, 0L);
        });
        after.put("journal", 300L); // 3,000 CPU-ms
        before.put("kafka", -1L); // not running
        long seconds = 10;
        List<String> lines = ProcessCpu.describe(new ProcessCpu.Sample(before, 1000, 0), new ProcessCpu.Sample(after, 1500, seconds * 1_000_000_000L),
                1000, "entry", "test");
        int cpus = Runtime.getRuntime().availableProcessors();
        String journal = lines.stream().filter(l -> l.trim().startsWith("journal")).findFirst().orElseThrow();
        assertTrue(journal.contains(" 3000 ") && journal.contains(" 3.00 "), journal);
        assertTrue(journal.contains(String.format("%.1f%%", 100 * 3000.0 / (seconds * 1000 * cpus))), journal);
        assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith("kafka") && l.contains("not found")), String.join("\n", lines));
        String other = lines.stream().filter(l -> l.trim().startsWith("other processes")).findFirst().orElseThrow();
        assertTrue(other.contains(" 2000 "), "box busy 5,000 CPU-ms, stack 3,000: " + other);
    }

    @Test
    void readsTheStacksProcessesFromItsPidFilesAndThisJvm(@TempDir Path home) throws Exception {
        assumeTrue(ProcessCpu.available(), "Linux /proc only");
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/journal.pid"), ProcessHandle.current().pid() + "\n");
        ProcessCpu cpu = new ProcessCpu(home);
        ProcessCpu.Sample first = cpu.sample();
        double x = spinOnCpu(300);
        ProcessCpu.Sample second = cpu.sample();
        assertTrue(x > 0);
        assertTrue(second.ticks().get("journal") > first.ticks().get("journal"), "this JVM burnt CPU as 'journal'");
        assertEquals(-1L, second.ticks().get("reminder"), "no pid file: not found");
        assertEquals(-1L, second.ticks().get("postgres"));
        assertTrue(second.boxBusyTicks() >= first.boxBusyTicks());
    }

    @Test
    void threadTicksCountOnlyTheNamedThreads() throws Exception {
        assumeTrue(ProcessCpu.available(), "Linux /proc only");
        long pid = ProcessHandle.current().pid();
        long before = ProcessCpu.threadTicks(pid, List.of("cpu-test-burn"));
        assertEquals(0, before, "no such thread yet");
        java.util.concurrent.atomic.AtomicLong burnt = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CountDownLatch burning = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            burnt.set((long) spinOnCpu(400));
            burning.countDown();
            try {
                stop.await(); // still alive when read: an ended thread takes its ticks with it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-test-burn-1");
        t.start();
        burning.await();
        try {
            long ticks = ProcessCpu.threadTicks(pid, List.of("cpu-test-burn"));
            assertTrue(ticks >= 10, "400 CPU-ms of spinning is at least 10 ticks of 10 ms: " + ticks);
            assertTrue(ticks < ProcessCpu.ticks(pid, false), "one thread, not the whole JVM");
            assertEquals(0, ProcessCpu.threadTicks(pid, List.of("no-such-thread")));
            assertEquals(-1, ProcessCpu.threadTicks(Long.MAX_VALUE, List.of("cpu-test-burn")), "no such process");
        } finally {
            stop.countDown();
            t.join();
        }
        assertTrue(burnt.get() > 0);
    }

    /**
     * Spins until this thread has had {@code millis} of CPU (not of wall time: on a busy machine 400 ms of wall time
     * gave a spinning thread 80 ms of CPU, and CI failed on a tick count that only measured the machine's load).
     */
    private static double spinOnCpu(long millis) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + millis * 1_000_000L;
        double x = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            for (int i = 0; i < 10_000; i++) {
                x += Math.sqrt(x + 1);
            }
        }
        return x;
    }
}
