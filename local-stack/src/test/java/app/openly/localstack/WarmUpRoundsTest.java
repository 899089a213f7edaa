package app.openly.localstack;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench's warm-up stops when the rate stops climbing and the JVMs stop compiling, not after a fixed time, and says
 * which happened; jstat's figure is read as it prints it.
 */
class WarmUpRoundsTest {

    private static final Duration ROUND = Duration.ofSeconds(10);
    /** A round whose JIT could not be read (no perf data): the rate decides alone. */
    private static final double UNREAD = Double.NaN;

    @Test
    void aRateStillClimbingKeepsTheWarmUpGoing() {
        WarmUpRounds rounds = new WarmUpRounds(6, ROUND);
        rounds.add(304, UNREAD);
        assertFalse(rounds.done(), "one round says nothing about climbing");
        rounds.add(498, UNREAD);
        assertFalse(rounds.done());
        rounds.add(880, UNREAD);
        assertFalse(rounds.done());
        rounds.add(951, UNREAD); // +8 %
        assertTrue(rounds.steady());
        assertTrue(rounds.done());
        assertEquals("304/s, 498/s, 880/s, 951/s: steady (the rate within +10 % of the round before)", rounds.describe());
    }

    @Test
    void aPlateauWhileAJvmStillCompilesIsNotSteady() {
        // The shape measured after a start: the rate levels off for a round while the JIT is busy, then climbs again.
        WarmUpRounds rounds = new WarmUpRounds(30, ROUND);
        rounds.add(139, 17.4);
        rounds.add(270, 16.5);
        rounds.add(394, 11.3);
        rounds.add(385, 11.5);
        assertFalse(rounds.steady(), "the rate levelled but a JVM compiled 11.5 s of the 10 s round (more than one compiler thread)");
        rounds.add(939, 7.9);
        assertFalse(rounds.steady());
        rounds.add(1014, 2.8);
        assertFalse(rounds.steady(), "+8 % but still compiling 2.8 s");
        rounds.add(954, 1.8);
        assertTrue(rounds.steady(), "levelled and under 2 s of compilation");
        assertEquals("139/s (JIT 17.4 s), 270/s (JIT 16.5 s), 394/s (JIT 11.3 s), 385/s (JIT 11.5 s), 939/s (JIT 7.9 s), 1014/s (JIT 2.8 s), "
                + "954/s (JIT 1.8 s): steady (the rate within +10 % of the round before, no JVM compiling 2.00 s or more of the 10 s)",
                rounds.describe());
    }

    @Test
    void quietJitDoesNotHideAClimbingRate() {
        WarmUpRounds rounds = new WarmUpRounds(6, ROUND);
        rounds.add(500, 0.1);
        rounds.add(700, 0.1);
        assertFalse(rounds.steady());
    }

    @Test
    void aSlowerRoundCountsAsNoLongerClimbing() {
        WarmUpRounds rounds = new WarmUpRounds(6, ROUND);
        rounds.add(900, UNREAD);
        rounds.add(700, UNREAD); // the box got busier: waiting longer would not measure a warmer JVM
        assertTrue(rounds.steady());
    }

    @Test
    void justOverTheClimbIsStillClimbing() {
        WarmUpRounds rounds = new WarmUpRounds(6, ROUND);
        rounds.add(1000, UNREAD);
        rounds.add(1101, UNREAD);
        assertFalse(rounds.steady());
        rounds.add(1212, UNREAD); // 1,101 × 1.1 = 1,211.1
        assertFalse(rounds.steady());
    }

    @Test
    void theWarmUpEndsAfterItsLastRoundEvenWhileWarmingAndSaysSo() {
        WarmUpRounds rounds = new WarmUpRounds(3, Duration.ofSeconds(5));
        rounds.add(100, 2.0);
        rounds.add(200, 1.0);
        assertFalse(rounds.done());
        rounds.add(210, 1.2);
        assertTrue(rounds.done());
        assertFalse(rounds.steady(), "1.2 s of compilation is more than a fifth of a 5 s round");
        assertEquals("100/s (JIT 2.0 s), 200/s (JIT 1.0 s), 210/s (JIT 1.2 s): still warming after 3 rounds (not yet the rate within "
                + "+10 % of the round before, no JVM compiling 1.00 s or more of the 5 s; the figures below are of JVMs still warming up)",
                rounds.describe());
    }

    @Test
    void fewerThanTwoRoundsCannotShowARateLevelling() {
        assertThrows(IllegalArgumentException.class, () -> new WarmUpRounds(1, ROUND));
    }

    @Test
    void aJvmsCompileTimeIsReadFromItsPerformanceDataAndGrowsWhileItCompiles() throws Exception {
        // The test JVMs run with -XX:-UsePerfData (the build's argLine), so a child JVM with HotSpot's defaults is read,
        // as the bench reads the services: it compiles a hot loop when told to on stdin.
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-XX:+UsePerfData", "-cp", System.getProperty("java.class.path"),
                CompilesWhenTold.class.getName()).redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
            assertEquals("ready", out.readLine());
            OptionalDouble before = JitCompileTime.seconds(child.pid());
            assertTrue(before.isPresent(), "the child's /tmp/hsperfdata file holds java.ci.totalTime");
            JitWatch watch = JitWatch.of(null, List.of());
            assertTrue(Double.isNaN(watch.mostSinceMark()) || watch.mostSinceMark() == 0, "no JVMs to read: nothing claimed");
            child.getOutputStream().write('\n');
            child.getOutputStream().flush();
            assertEquals("compiled", out.readLine());
            double after = JitCompileTime.seconds(child.pid()).orElseThrow();
            assertTrue(after > before.getAsDouble(), "compile time grew: " + before + " -> " + after);
        } finally {
            child.destroyForcibly();
        }
        assertTrue(JitCompileTime.seconds(Long.MAX_VALUE).isEmpty(), "no such JVM");
    }

    /** A child JVM for the test above: says ready, waits for a line, runs code hot enough to be compiled, says so. */
    public static final class CompilesWhenTold {
        public static void main(String[] args) throws Exception {
            System.out.println("ready");
            System.in.read();
            long sum = 0;
            for (int round = 0; round < 3_000_000; round++) {
                sum += Long.toString(round * 31L).hashCode() ^ (sum >>> 3);
            }
            System.out.println(sum == 42 ? "compiled!" : "compiled");
            Thread.sleep(60_000);
        }
    }

    @Test
    void thePerformanceDataLayoutIsReadInEitherByteOrder() {
        for (java.nio.ByteOrder order : new java.nio.ByteOrder[] {java.nio.ByteOrder.BIG_ENDIAN, java.nio.ByteOrder.LITTLE_ENDIAN}) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(256).order(order);
            b.order(java.nio.ByteOrder.BIG_ENDIAN).putInt(0, 0xcafec0c0).order(order);
            b.put(4, (byte) (order == java.nio.ByteOrder.BIG_ENDIAN ? 0 : 1));
            b.putInt(24, 32); // first entry
            b.putInt(28, 3);  // entries
            int at = 32;
            at = entry(b, at, "sun.os.hrt.frequency", 1_000_000_000L);
            at = entry(b, at, "java.ci.nothing", 7L);
            entry(b, at, "java.ci.totalTime", 125_600_000_000L);
            assertEquals(OptionalDouble.of(125.6), JitCompileTime.seconds(b), order.toString());
        }
        assertEquals(OptionalDouble.empty(), JitCompileTime.seconds(java.nio.ByteBuffer.allocate(64)), "not perf data");
    }

    /** One PerfDataEntry: length, name offset, vector length 0, type 'J', flags, units, variability, data offset. */
    private static int entry(java.nio.ByteBuffer b, int at, String name, long value) {
        int nameOffset = 20;
        int dataOffset = 48;
        int length = 56;
        b.putInt(at, length).putInt(at + 4, nameOffset).putInt(at + 8, 0).put(at + 12, (byte) 'J');
        b.putInt(at + 16, dataOffset);
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < n.length; i++) {
            b.put(at + nameOffset + i, n[i]);
        }
        b.put(at + nameOffset + n.length, (byte) 0);
        b.putLong(at + dataOffset, value);
        return at + length;
    }
}
