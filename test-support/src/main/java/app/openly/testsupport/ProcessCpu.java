package app.openly.testsupport;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * CPU time of processes as Linux counts it in {@code /proc/<pid>/stat}, for the consumer benches' CPU-per-event lines
 * (issue 17): the figure that survives a noisy box, where events/s do not. One reader for every bench, so the
 * PostgreSQL figure of reminder's and insights' benches is the same measurement.
 */
public final class ProcessCpu {

    /** USER_HZ: the unit of /proc's times; 100 on every Linux architecture Openly runs on. */
    public static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** Milliseconds of CPU in {@code ticks}. */
    public static double millis(long ticks) {
        return ticks * 1000.0 / TICKS_PER_SECOND;
    }

    /** The PostgreSQL serving {@code dataSource}: the postmaster, parent of this connection's backend. */
    public static long postmasterPid(DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            String[] f = fields(rs.getLong(1));
            if (f == null) {
                throw new IOException("no /proc entry for the backend " + rs.getLong(1));
            }
            return Long.parseLong(f[1]);
        }
    }

    /**
     * utime+stime of the postmaster and of every live child, plus the postmaster's cutime+cstime: the backends that
     * have exited (a child gone between the listing and its read is counted there once it is reaped).
     */
    public static long postgresTicks(long postmaster) throws IOException {
        long sum = ticks(postmaster, true);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    String[] f = fields(Long.parseLong(name));
                    if (f != null && Long.parseLong(f[1]) == postmaster) {
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            }
        }
        return sum;
    }

    /** utime+stime of this JVM. */
    public static long ownTicks() {
        return ticks(ProcessHandle.current().pid(), false);
    }

    private static long ticks(long pid, boolean withReapedChildren) {
        String[] f = fields(pid);
        if (f == null) {
            return 0;
        }
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return withReapedChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
    }

    /**
     * /proc/pid/stat's fields after the command (which may hold spaces): [0] state, [1] ppid, ..., [11] utime,
     * [12] stime, [13] cutime, [14] cstime; null when the process is gone.
     */
    private static String[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }
}
