package app.openly.localstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which relations a measured run's WAL went to, read back from the WAL itself (pg_walinspect, a contrib module of
 * PostgreSQL 17; superuser only). Why: WalActivity says how many full-page images a run wrote per entry, not whose pages
 * they were, and a full-page image is the cost of touching a page for the first time since a checkpoint: the relations at
 * the top of this list are where fewer pages touched per entry would pay. (Its first reading: 3.46 of POST's 4.70 images
 * per entry were five primary keys on random UUIDs, hence platform's TimeOrderedIds.) Read right after the run, before
 * the next checkpoint may recycle its WAL segments; the positions are WalActivity's samples around the run.
 */
final class WalByRelation {

    /** One relation's share of a stretch of WAL: blocks referenced, and how many of them were logged whole. */
    record Share(String database, String relation, long blocks, long images) {
    }

    private WalByRelation() {
    }

    /**
     * Every relation's share of the WAL between two positions, most images first; relations a later command dropped
     * are named by their file number. Throws when pg_walinspect cannot be used (no superuser, no contrib module).
     */
    static List<Share> shares(String jdbcUrl, String from, String to) throws SQLException {
        return shares(from, to, database -> BenchConditions.connectAsSuperuser(withDatabase(jdbcUrl, database)));
    }

    /** A connection to the named database of the server. */
    interface Connector {
        Connection to(String database) throws SQLException;
    }

    static List<Share> shares(String from, String to, Connector connector) throws SQLException {
        List<long[]> rows = new ArrayList<>(); // database oid, tablespace oid, file node, blocks, images
        Map<Long, String> databases = new HashMap<>();
        // The extension goes into the maintenance database, not a service's: WAL is the whole cluster's.
        try (Connection c = connector.to("postgres"); Statement s = c.createStatement()) {
            s.execute("create extension if not exists pg_walinspect");
            try (PreparedStatement p = c.prepareStatement("""
                    select reldatabase, reltablespace, relfilenode, count(*), count(*) filter (where block_fpi_length > 0)
                    from pg_get_wal_block_info(?::pg_lsn, ?::pg_lsn, false)
                    where relforknumber = 0
                    group by 1, 2, 3 order by 5 desc, 4 desc""")) {
                p.setString(1, from);
                p.setString(2, to);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        rows.add(new long[]{r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)});
                    }
                }
            }
            try (ResultSet r = s.executeQuery("select oid, datname from pg_database")) {
                while (r.next()) {
                    databases.put(r.getLong(1), r.getString(2));
                }
            }
        }
        Map<Long, Map<String, String>> names = new HashMap<>();
        List<Share> shares = new ArrayList<>();
        for (long[] row : rows) {
            String database = databases.getOrDefault(row[0], row[0] == 0 ? "(shared)" : "db " + row[0]);
            String key = row[1] + "/" + row[2];
            String relation = names.computeIfAbsent(row[0], oid -> relationNames(connector, database, rows, oid)).getOrDefault(key, "(file " + row[2] + ")");
            shares.add(new Share(database, relation, row[3], row[4]));
        }
        return shares;
    }

    /**
     * A heading and a line per relation (images per unit, blocks changed per unit), the first {@code top} that had
     * images, then the rest together; nothing when no page was logged whole.
     */
    static List<String> describe(List<Share> shares, long units, String unit, int top) {
        long images = shares.stream().mapToLong(Share::images).sum();
        if (images == 0 || units <= 0) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "full-page images per %s by relation (pg_walinspect; blocks changed per %s in brackets):", unit, unit));
        List<Share> listed = shares.subList(0, Math.min(top, shares.size())).stream().filter(s -> s.images() > 0).toList();
        int width = Math.max(40, listed.stream().mapToInt(s -> label(s).length()).max().orElse(0));
        long shown = 0;
        for (Share share : listed) {
            shown += share.images();
            lines.add(String.format(Locale.ROOT, "  %-" + width + "s %5.2f  (%.2f)", label(share),
                    (double) share.images() / units, (double) share.blocks() / units));
        }
        if (images > shown) {
            lines.add(String.format(Locale.ROOT, "  %-" + width + "s %5.2f", "the other relations", (double) (images - shown) / units));
        }
        return lines;
    }

    private static String label(Share share) {
        return share.relation() + " (" + share.database() + ")";
    }

    /** Names for one database's file numbers among the rows (pg_filenode_relation answers only in that database). */
    private static Map<String, String> relationNames(Connector connector, String database, List<long[]> rows, long oid) {
        Map<String, String> names = new HashMap<>();
        try (Connection c = connector.to(database);
             PreparedStatement p = c.prepareStatement("""
                     select coalesce(pg_filenode_relation(case when ? = (select dattablespace from pg_database where datname = current_database())
                                                          then 0 else ? end, ?)::regclass::text, '')""")) {
            for (long[] row : rows) {
                if (row[0] != oid) {
                    continue;
                }
                p.setLong(1, row[1]);
                p.setLong(2, row[1]);
                p.setLong(3, row[2]);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next() && !r.getString(1).isEmpty()) {
                        names.put(row[1] + "/" + row[2], r.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            // unnamed: shown by file number
        }
        return names;
    }

    static String withDatabase(String jdbcUrl, String database) {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = jdbcUrl.indexOf('?', slash);
        return jdbcUrl.substring(0, slash + 1) + database + (query < 0 ? "" : jdbcUrl.substring(query));
    }
}
