package app.openly.localstack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * PostgreSQL's WAL and checkpoint counters (pg_stat_wal, pg_stat_checkpointer; cluster-wide, readable by any role),
 * sampled around a measured run and printed next to its figure. Why: with the local stack's max_wal_size (1 GB) the
 * bench's ~6-8 kB of WAL per entry requests a checkpoint every two to three minutes, and after a checkpoint begins each
 * page's first change is logged whole (a full-page image, 8 kB), so a 15 s run's cost per entry depends on where in
 * that cycle it fell. The line says it: WAL per unit, full-page images per unit (the sign of a checkpoint begun shortly
 * before or during the run), and checkpoints that ended during it (the checkpointer reports its counts when a
 * checkpoint is done; one requested by WAL volume is spread over most of the time to the next). The WAL position of the
 * sample lets WalByRelation read back whose pages the run's WAL logged.
 */
record WalActivity(long fullPageImages, long bytes, long timedCheckpoints, long requestedCheckpoints, String position) {

    /** The counters now; null when they cannot be read (the line is then left out, the run is not). */
    static WalActivity sample(String jdbcUrl) {
        try (Connection c = BenchConditions.connect(jdbcUrl); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select w.wal_fpi, w.wal_bytes, c.num_timed, c.num_requested, pg_current_wal_lsn()::text "
                     + "from pg_stat_wal w, pg_stat_checkpointer c")) {
            r.next();
            return new WalActivity(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getString(5));
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * "WAL 6.8 kB per entry (0.27 full-page images per entry, up to 32 % of the bytes); checkpoints ended: 1 (requested,
     * not timed: 1)", or null when either sample is missing or nothing was counted. "Up to": an image is at most a whole
     * 8 kB page (less when the page has a hole or is compressed).
     */
    static String describe(WalActivity before, WalActivity after, long units, String unit) {
        if (before == null || after == null || units <= 0) {
            return null;
        }
        long bytes = after.bytes - before.bytes;
        long images = after.fullPageImages - before.fullPageImages;
        long requested = after.requestedCheckpoints - before.requestedCheckpoints;
        long ended = after.timedCheckpoints - before.timedCheckpoints + requested;
        double imageShare = bytes == 0 ? 0 : Math.min(1.0, images * 8192.0 / bytes);
        return String.format(Locale.ROOT, "WAL %.1f kB per %s (%.2f full-page images per %s, up to %.0f %% of the bytes); checkpoints ended: %d%s",
                bytes / 1024.0 / units, unit, (double) images / units, unit, 100 * imageShare, ended,
                ended == 0 ? "" : " (requested, not timed: " + requested + ")");
    }
}
