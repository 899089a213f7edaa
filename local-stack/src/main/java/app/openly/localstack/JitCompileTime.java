package app.openly.localstack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * How long a JVM's JIT has spent compiling so far (what {@code jstat -compiler} prints as "Time"): the bench's sign that
 * a JVM is still warming up. On this 2-core box the stack's JVMs keep compiling for minutes after a start while the
 * load saturates the cores (their compiler threads compete with the requests: journal had 125 s of compilation behind
 * it after its first two benches, and its POST rate doubled over the next three).
 * <p>
 * Read from the JVM's own performance-data file, {@code /tmp/hsperfdata_<user>/<pid>} (HotSpot's shared perf memory,
 * on by default; jstat reads the same counters), so the bench does not start a jstat JVM per reading on cores it is
 * measuring: counter {@code java.ci.totalTime} in ticks of {@code sun.os.hrt.frequency}. Empty when the file is not
 * there ({@code -XX:-UsePerfData}, another user, a JVM gone).
 */
final class JitCompileTime {

    private static final int MAGIC = 0xcafec0c0;

    private JitCompileTime() {
    }

    static OptionalDouble seconds(long pid) {
        Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(pid));
        try {
            return seconds(ByteBuffer.wrap(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    /** HotSpot's PerfDataPrologue, then PerfDataEntry records (perfMemory.hpp): only long scalars are read. */
    static OptionalDouble seconds(ByteBuffer data) {
        if (data.limit() < 32 || data.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC) {
            return OptionalDouble.empty();
        }
        data.order(data.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int offset = data.getInt(24);
        int entries = data.getInt(28);
        long ticks = -1;
        long frequency = -1;
        for (int i = 0; i < entries && offset > 0 && offset + 20 <= data.limit(); i++) {
            int length = data.getInt(offset);
            int nameOffset = data.getInt(offset + 4);
            int vectorLength = data.getInt(offset + 8);
            byte type = data.get(offset + 12);
            int dataOffset = data.getInt(offset + 16);
            if (length <= 0) {
                break;
            }
            if (type == 'J' && vectorLength == 0) {
                String name = name(data, offset + nameOffset);
                if (name.equals("java.ci.totalTime")) {
                    ticks = data.getLong(offset + dataOffset);
                } else if (name.equals("sun.os.hrt.frequency")) {
                    frequency = data.getLong(offset + dataOffset);
                }
            }
            offset += length;
        }
        return ticks < 0 || frequency <= 0 ? OptionalDouble.empty() : OptionalDouble.of((double) ticks / frequency);
    }

    private static String name(ByteBuffer data, int at) {
        int end = at;
        while (end < data.limit() && data.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        data.get(at, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
