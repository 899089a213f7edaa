package app.openly.testsupport.contract;

import app.openly.events.EntryFacts;
import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.testsupport.TestClock;
import app.openly.testsupport.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer's batch path leaves its database exactly as applying the same events one by one does (issue 17), on the
 * service's real PostgreSQL: one sequence of entry events of several people, interleaved, with revisions, a revision
 * arriving late, deletes (one before its entry), a duplicate, a travelling person and an erasure in the middle, is
 * applied as one batch; every row of those people (and their organisation) is read; the rows are removed and the
 * same events applied one by one, each in its own transaction; the rows must be the same.
 * <p>
 * A service's test names its consumer's two paths (the platform's {@code EntryEventsConsumer.Applier}), its data
 * source and the clock, which stands still so both runs see the same "now". Over 200 lines because the event
 * sequence and the schema-wide row comparison are one test; apart, neither says anything.
 */
public abstract class BatchEquivalenceContract {

    /** The batch path: all events in one transaction ({@code Applier.applyAllOnce}). */
    protected abstract void applyAsOneBatch(List<EventEnvelope> events);

    /** The one-by-one path: one event in its own transaction ({@code Applier.applyOnce}). */
    protected abstract void applyAlone(EventEnvelope event);

    protected abstract DataSource dataSource();

    protected abstract TestClock clock();

    /**
     * Rows the five people (ana, ben, cem, dee, eli, in that order) have before the events, written before each of the
     * two runs: a service's own state the events read (none by default).
     */
    protected void given(List<String> people) throws SQLException {
    }

    @AfterEach
    void clockRunsAgain() {
        clock().reset();
    }

    @Test
    void aBatchLeavesTheDatabaseAsApplyingItsEventsOneByOne() throws SQLException {
        sameRows(false);
    }

    /** Another kind of event in the middle (an erasure): what the batch held back is applied before it. */
    @Test
    void aBatchWithAnErasureInTheMiddleToo() throws SQLException {
        sameRows(true);
    }

    private void sameRows(boolean withErasure) throws SQLException {
        clock().set(Instant.parse("2026-11-26T17:30:00Z"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        String org = "org-" + run;
        List<String> people = List.of("ana-" + run, "ben-" + run, "cem-" + run, "dee-" + run, "eli-" + run);
        List<EventEnvelope> events = sequence(people, org).stream()
                .filter(e -> withErasure || !(e.payload() instanceof app.openly.events.UserErased)).toList();

        given(people);
        applyAsOneBatch(events);
        Map<String, List<String>> batched = rows(people, org);
        forget(people, org, events);
        given(people);
        for (EventEnvelope event : events) {
            applyAlone(event);
        }
        Map<String, List<String>> oneByOne = rows(people, org);

        assertTrue(oneByOne.values().stream().mapToInt(List::size).sum() > 10, "the events left rows to compare: " + oneByOne);
        assertEquals(oneByOne, batched, "the batch left the rows one by one leaves");
    }

    private static List<EventEnvelope> sequence(List<String> people, String org) {
        String ana = people.get(0), ben = people.get(1), cem = people.get(2), dee = people.get(3), eli = people.get(4);
        var courage = new PracticeMetrics(3, true, null, null, null, null, null, null, null, null, null, null);
        EntryFacts ana1 = facts(1, Practice.HONEST_SENTENCE, "2026-11-24T20:00", "Europe/Berlin", courage, List.of("family"));
        EntryFacts ana1v2 = facts(ana1.entryId(), 2, Practice.HONEST_SENTENCE, "2026-11-25T21:15", "Europe/Berlin", courage, List.of("work"));
        EntryFacts ana2 = facts(1, Practice.BODY_ANCHOR, "2026-11-26T08:10", "Europe/Berlin", null, List.of());
        EntryFacts ben1 = facts(1, Practice.BODY_ANCHOR, "2026-11-25T07:40", "Europe/Lisbon", null, List.of());
        EntryFacts ben2 = facts(1, Practice.HONEST_SENTENCE, "2026-11-26T12:05", "Europe/Lisbon", courage, List.of("family"));
        EntryFacts ben2v3 = facts(ben2.entryId(), 3, Practice.HONEST_SENTENCE, "2026-11-26T12:05", "Europe/Lisbon", courage,
                List.of("family", "work"));
        EntryFacts ben2v2 = facts(ben2.entryId(), 2, Practice.BODY_ANCHOR, "2026-11-25T12:05", "Europe/Lisbon", null, List.of());
        EntryFacts cem1 = facts(1, Practice.BODY_ANCHOR, "2026-11-23T09:00", "Europe/Berlin", null, List.of());
        EntryFacts cem2 = facts(1, Practice.BODY_ANCHOR, "2026-11-25T09:30", "America/New_York", null, List.of());
        EntryFacts cem3 = facts(1, Practice.RITUAL_OF_OPENNESS, "2026-11-24T22:00", "Europe/Berlin", null, List.of());
        EntryFacts dee1 = facts(1, Practice.HONEST_SENTENCE, "2026-11-25T19:00", "Asia/Tokyo", courage, List.of());
        EntryFacts dee2 = facts(1, Practice.HONEST_SENTENCE, "2026-11-26T19:00", "Asia/Tokyo", courage, List.of());
        EntryFacts eli1 = facts(1, Practice.BODY_ANCHOR, "2026-11-26T06:45", "Europe/Berlin", null, List.of());
        EntryFacts eli2 = facts(1, Practice.HONEST_SENTENCE, "2026-11-26T07:00", "Europe/Berlin", courage, List.of("family"));
        EventEnvelope benSecond = TestEvents.recorded(ben, org, ben2);
        List<EventEnvelope> events = new ArrayList<>();
        events.add(TestEvents.recorded(ana, org, ana1));
        events.add(TestEvents.deleted(ben, org, ben1));               // deleted before it was seen: a tombstone
        events.add(TestEvents.recorded(cem, org, cem1));
        events.add(TestEvents.recorded(dee, org, dee1));
        events.add(TestEvents.recorded(eli, org, eli1));
        events.add(TestEvents.revised(ana, org, ana1v2, ana1.localDate()));
        events.add(TestEvents.recorded(ben, org, ben1));              // ... so its late recording changes nothing
        events.add(TestEvents.recorded(cem, org, cem2));              // travel: the newest entry's zone
        events.add(benSecond);
        events.add(TestEvents.recorded(ana, org, ana2));
        events.add(TestEvents.recorded(dee, org, dee2));
        events.add(TestEvents.erased(dee));                           // erasure in the middle of the batch
        events.add(TestEvents.revised(ben, org, ben2v3, ben2.localDate()));
        events.add(TestEvents.recorded(cem, org, cem3));              // older than cem2: the zone stays
        events.add(TestEvents.deleted(ana, org, ana2));
        events.add(TestEvents.revised(ben, org, ben2v2, ben2.localDate())); // arrives after v3: ignored
        events.add(benSecond);                                        // a duplicate: applied once
        events.add(TestEvents.recorded(eli, org, eli2));
        events.add(TestEvents.deleted(eli, org, eli1));
        events.add(TestEvents.recorded(dee, org, facts(1, Practice.BODY_ANCHOR, "2026-11-26T18:00", "Asia/Tokyo", null, List.of())));
        return events;
    }

    private static EntryFacts facts(long version, Practice practice, String local, String zone, PracticeMetrics metrics,
                                    List<String> themes) {
        return facts(UUID.randomUUID(), version, practice, local, zone, metrics, themes);
    }

    private static EntryFacts facts(UUID entryId, long version, Practice practice, String local, String zone, PracticeMetrics metrics,
                                    List<String> themes) {
        return TestEvents.facts(entryId, version, practice, LocalDateTime.parse(local), zone, metrics, themes);
    }

    /**
     * Every row of the people (and the organisation) in every table with a {@code user_id} or {@code org_id} column,
     * as text, sorted, per table; without the columns the database fills itself (sequences, {@code now()}), which no
     * two runs share.
     */
    private Map<String, List<String>> rows(List<String> people, String org) throws SQLException {
        Map<String, List<String>> rows = new TreeMap<>();
        try (Connection c = dataSource().getConnection()) {
            for (Map.Entry<String, List<String>> table : tables(c).entrySet()) {
                String where = where(table.getValue());
                List<String> columns = comparedColumns(c, table.getKey());
                List<String> found = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("select " + String.join(", ", columns) + " from " + table.getKey()
                        + " where " + where)) {
                    bind(c, s, table.getValue(), people, org);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            StringBuilder row = new StringBuilder();
                            for (int i = 1; i <= columns.size(); i++) {
                                row.append(columns.get(i - 1)).append('=').append(r.getString(i)).append(' ');
                            }
                            found.add(row.toString());
                        }
                    }
                }
                found.sort(null);
                rows.put(table.getKey(), found);
            }
        }
        return rows;
    }

    /** Removes what the batch wrote, ledger included, so the one-by-one run starts where the batch did. */
    private void forget(List<String> people, String org, List<EventEnvelope> events) throws SQLException {
        try (Connection c = dataSource().getConnection()) {
            for (Map.Entry<String, List<String>> table : tables(c).entrySet()) {
                try (PreparedStatement s = c.prepareStatement("delete from " + table.getKey() + " where " + where(table.getValue()))) {
                    bind(c, s, table.getValue(), people, org);
                    s.executeUpdate();
                }
            }
            try (PreparedStatement s = c.prepareStatement("delete from processed_event where event_id = any(?)")) {
                s.setArray(1, c.createArrayOf("uuid", events.stream().map(EventEnvelope::eventId).distinct().toArray()));
                s.executeUpdate();
            }
        }
    }

    /** Per table of the schema, which of user_id and org_id it has. */
    private static Map<String, List<String>> tables(Connection c) throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                select c.table_name, c.column_name from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.column_name in ('user_id', 'org_id')
                order by c.table_name, c.column_name desc""");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                tables.computeIfAbsent(r.getString(1), t -> new ArrayList<>()).add(r.getString(2));
            }
        }
        return tables;
    }

    private static List<String> comparedColumns(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                select column_name from information_schema.columns where table_schema = current_schema() and table_name = ?
                and is_identity = 'NO' and coalesce(column_default, '') not like 'nextval%'
                and coalesce(column_default, '') not ilike '%now()%' and coalesce(column_default, '') not ilike '%current_timestamp%'
                order by ordinal_position""")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    columns.add(r.getString(1));
                }
            }
        }
        return columns;
    }

    private static String where(List<String> keys) {
        return String.join(" or ", keys.stream().map(k -> k + " = any(?)").toList());
    }

    private static void bind(Connection c, PreparedStatement s, List<String> keys, List<String> people, String org) throws SQLException {
        for (int i = 0; i < keys.size(); i++) {
            s.setArray(i + 1, c.createArrayOf("text", keys.get(i).equals("user_id") ? people.toArray() : new Object[] {org}));
        }
    }
}
