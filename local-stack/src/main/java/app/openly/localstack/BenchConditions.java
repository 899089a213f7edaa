package app.openly.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a figure was measured under, printed next to it: whether PostgreSQL's commits were durable, how loaded the
 * machine was, and what else was using its CPUs. Figures from a busy box are only comparable within one run.
 */
final class BenchConditions {

    private BenchConditions() {
    }

    /** "fsync=on synchronous_commit=on (durable commits)" or which of them is off. */
    static String durability(String jdbcUrl) {
        try (Connection c = connect(jdbcUrl); Statement s = c.createStatement()) {
            String fsync = show(s, "fsync");
            String sync = show(s, "synchronous_commit");
            boolean durable = "on".equals(fsync) && !"off".equals(sync); // local, on, remote_*: the local WAL flush is awaited
            return "fsync=" + fsync + " synchronous_commit=" + sync + (durable ? " (durable commits: each commit waits for its WAL flush)"
                    : " (commits NOT durable: figures are not comparable with production)");
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2] + " (1/5/15 min, " + Runtime.getRuntime().availableProcessors() + " CPUs)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The processes using the most CPU right now (ps), so a reader sees what else ran. */
    static List<String> busiestProcesses(int n) {
        List<String> lines = new ArrayList<>();
        try {
            Process ps = new ProcessBuilder("ps", "-eo", "pcpu,rss,args", "--sort=-pcpu").redirectErrorStream(true).start();
            List<String> out = new String(ps.getInputStream().readAllBytes()).lines().toList();
            ps.waitFor(5, TimeUnit.SECONDS);
            for (String line : out.subList(1, Math.min(out.size(), n + 1))) {
                lines.add(line.length() > 140 ? line.substring(0, 140) + "…" : line);
            }
        } catch (IOException e) {
            lines.add("(ps not available: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return lines;
    }

    static void print(String when) {
        System.out.println("  load average " + when + ": " + loadAverage());
    }

    static void printBusiest(String when) {
        System.out.println("  busiest processes " + when + " (%CPU since start, RSS kB, command):");
        busiestProcesses(6).forEach(l -> System.out.println("    " + l));
    }

    /**
     * A checkpoint now, as the local stack's superuser ({@code OPENLY_PG_SUPERUSER}/{@code OPENLY_PG_SUPERUSER_PASSWORD},
     * postgres/postgres as LocalSetup made it; CHECKPOINT needs a superuser or pg_checkpoint, which the services' role
     * has no need of). Why: after a checkpoint begins, each page's first change is logged whole; a measured run that
     * falls into that phase writes several times the WAL of one that does not (3.68 full-page images and 26 kB of WAL
     * per entry against 0.86 and 9.6 kB, two POST runs of one afternoon: 698 against 810/s), and the JDBC ceiling's
     * freshly copied tables are out of it anyway. Both runs start right after one: the same phase for both.
     * Returns what to print.
     */
    static String checkpoint(String jdbcUrl) {
        long start = System.nanoTime();
        try (Connection c = connectAsSuperuser(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("checkpoint");
            return String.format(java.util.Locale.ROOT, "a checkpoint right before it (%.1f s), as before the other measured run", (System.nanoTime() - start) / 1e9);
        } catch (SQLException e) {
            return "no checkpoint before it (needs the local superuser or pg_checkpoint: " + e.getSQLState() + "): its phase of the checkpoint cycle is chance";
        }
    }

    /** As the local stack's superuser: only the bench's own reads and CHECKPOINT need it, never the services. */
    static Connection connectAsSuperuser(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, System.getenv().getOrDefault("OPENLY_PG_SUPERUSER", "postgres"),
                System.getenv().getOrDefault("OPENLY_PG_SUPERUSER_PASSWORD", "postgres"));
    }

    static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, System.getenv().getOrDefault("OPENLY_PG_USER", "openly"),
                System.getenv().getOrDefault("OPENLY_PG_PASSWORD", "openly"));
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet r = s.executeQuery("show " + setting)) {
            r.next();
            return r.getString(1);
        }
    }
}
