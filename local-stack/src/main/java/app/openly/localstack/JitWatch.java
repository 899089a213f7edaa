package app.openly.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** The JIT compile time of a few JVMs between a mark and now ({@link JitCompileTime}); NaN when none can be read. */
final class JitWatch {

    private final List<Long> pids;
    private double[] marked;

    private JitWatch(List<Long> pids) {
        this.pids = pids;
    }

    /** The stack's services of this home (their run/&lt;service&gt;.pid files); none without a home. */
    static JitWatch of(ProcessCpu cpu, List<String> services) {
        List<Long> pids = new ArrayList<>();
        if (cpu != null) {
            services.forEach(s -> cpu.servicePid(s).ifPresent(pids::add));
        }
        return new JitWatch(pids);
    }

    /** The JVM running the bench (the JDBC ceiling's client). */
    static JitWatch ofThisJvm() {
        return new JitWatch(List.of(ProcessHandle.current().pid()));
    }

    void mark() {
        marked = read();
    }

    /** The most any of the JVMs compiled since {@link #mark()}, in seconds; NaN when it cannot be told. */
    double mostSinceMark() {
        double[] now = read();
        double most = Double.NaN;
        for (int i = 0; i < pids.size(); i++) {
            if (marked == null || Double.isNaN(marked[i]) || Double.isNaN(now[i])) {
                return Double.NaN; // one JVM unread: "quiet" cannot be claimed for all
            }
            most = Double.isNaN(most) ? now[i] - marked[i] : Math.max(most, now[i] - marked[i]);
        }
        return most;
    }

    private double[] read() {
        double[] seconds = new double[pids.size()];
        for (int i = 0; i < pids.size(); i++) {
            OptionalDouble s = JitCompileTime.seconds(pids.get(i));
            seconds[i] = s.isPresent() ? s.getAsDouble() : Double.NaN;
        }
        return seconds;
    }
}
