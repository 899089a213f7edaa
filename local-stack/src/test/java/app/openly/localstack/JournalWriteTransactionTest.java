package app.openly.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench's copy of the journal write transaction stays the service's: it is checked against the sources it was
 * copied from (native SQL, entity mappings, the order of steps in JournalService.record) and executed against the
 * schema the service's own migrations create.
 */
class JournalWriteTransactionTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path JOURNAL = REPO.resolve("journal-service/src/main/java/app/openly/journal/domain");

    /** The person's lock and the outbox insert (platform Outbox's JDBC path) and the data-key lookup (PersonKeyStore). */
    @Test
    void platformAndKeyStatementsAreTheServicesOwn() throws IOException {
        String outbox = read(REPO.resolve("platform/src/main/java/app/openly/platform/outbox/Outbox.java"));
        assertEquals(JournalWriteTransaction.LOCK_PERSON, constant(outbox, "LOCK_PERSON"), "Outbox.LOCK_PERSON changed: update LOCK_PERSON");
        assertEquals(JournalWriteTransaction.INSERT_OUTBOX_EVENT, constant(outbox, "INSERT_EVENT"), "Outbox.INSERT_EVENT changed: update INSERT_OUTBOX_EVENT");
        String jdbcPath = between(outbox, "public void lockPerson(Connection connection", "lockedInThisTransaction() {");
        assertTrue(jdbcPath.contains("if (!lockedInThisTransaction().add(userId))"),
                "Outbox.lockPerson no longer skips a person locked earlier in the transaction: JournalWriteTransaction.write must lock again before the outbox insert");
        String store = read(JOURNAL.resolve("EntryWriteStore.java"));
        assertTrue(store.contains("outbox.bindLockInto(p, 1, userId)") && store.contains("outbox.bindInto(c, p, next, topic, event)"),
                "EntryWriteStore no longer uses Outbox's JDBC path: update LOCK_PERSON and INSERT_OUTBOX_EVENT");
        // The lock sent with the reads counts as taken, so the event's insert sends none: the copy locks once too.
        String bindLockInto = between(outbox, "public int bindLockInto(", "private void wakeRelayAfterCommit() {");
        assertTrue(bindLockInto.contains("lockedInThisTransaction().add(userId);"), "Outbox.bindLockInto no longer records the lock");
        String bindInto = between(outbox, "public int bindInto(", "private static int bindEvent(");
        assertTrue(bindInto.contains("lockPerson(connection, event.userId());"), "Outbox.bindInto no longer locks the person first");
        String keys = read(JOURNAL.resolve("crypto/PersonKeyStore.java"));
        assertEquals(JournalWriteTransaction.FIND_PERSON_KEY, constant(keys, "FIND"), "PersonKeyStore.FIND changed: update FIND_PERSON_KEY");
    }

    /** EntryWriteStore's statements (the entry, its Idempotency-Key, the write budget), constant by constant. */
    @Test
    void storeStatementsAreTheServicesOwn() throws IOException {
        String store = read(JOURNAL.resolve("EntryWriteStore.java"));
        Map<String, String> copies = Map.of(
                "FIND_IDEMPOTENCY_KEY", JournalWriteTransaction.FIND_IDEMPOTENCY_KEY,
                "FIND_WRITE_ALLOWANCE", JournalWriteTransaction.FIND_WRITE_ALLOWANCE,
                "UPSERT_WRITE_ALLOWANCE", JournalWriteTransaction.UPSERT_WRITE_ALLOWANCE,
                "INSERT_ENTRY", JournalWriteTransaction.INSERT_ENTRY,
                "INSERT_IDEMPOTENCY_KEY", JournalWriteTransaction.INSERT_IDEMPOTENCY_KEY);
        assertEquals(new TreeMap<>(copies), constants(store), "EntryWriteStore's statements changed: update JournalWriteTransaction");
        assertEquals(JournalWriteTransaction.STORE_STATEMENTS.size(), copies.size());
    }

    /**
     * The lock with the two reads after it, and a new entry's four writes, are each one multi-statement in the service
     * (EntryWriteStore.LOCK_AND_READ_WITH_KEY and WRITE_NEW_ENTRY_WITH_KEY, one round trip each): the copy joins the same
     * parts, in the same order, the same way.
     */
    @Test
    void theMultiStatementsJoinTheServicesPartsAsTheServiceDoes() throws IOException {
        String store = read(JOURNAL.resolve("EntryWriteStore.java"));
        assertEquals(JournalWriteTransaction.LOCK_AND_READ_PARTS, joinedParts(store, "LOCK_AND_READ_WITH_KEY"),
                "EntryWriteStore.LOCK_AND_READ_WITH_KEY changed: update LOCK_AND_READ_PARTS");
        assertEquals(String.join(";\n", JournalWriteTransaction.LOCK_AND_READ_PARTS), JournalWriteTransaction.LOCK_AND_READ_WITH_KEY);
        assertEquals(JournalWriteTransaction.NEW_ENTRY_PARTS, joinedParts(store, "WRITE_NEW_ENTRY_WITH_KEY"),
                "EntryWriteStore.WRITE_NEW_ENTRY_WITH_KEY changed: update NEW_ENTRY_PARTS");
        assertEquals(String.join(";\n", JournalWriteTransaction.NEW_ENTRY_PARTS), JournalWriteTransaction.WRITE_NEW_ENTRY_WITH_KEY);
    }

    /** The statements a {@code static final String NAME = String.join(";\n", A, B, ...)} of the store joins, in order. */
    private static List<String> joinedParts(String store, String name) throws IOException {
        Matcher joined = Pattern.compile("static final String " + name + " = String\\.join\\(\"(.*?)\", ([\\w., ]+)\\);").matcher(store);
        assertTrue(joined.find(), "EntryWriteStore." + name + " is no longer a String.join of statements");
        assertEquals(";\\n", joined.group(1), name + ": the parts are joined differently");
        Map<String, String> statements = new TreeMap<>(constants(store));
        String outbox = read(REPO.resolve("platform/src/main/java/app/openly/platform/outbox/Outbox.java"));
        statements.put("Outbox.INSERT_EVENT", constant(outbox, "INSERT_EVENT"));
        statements.put("Outbox.LOCK_PERSON", constant(outbox, "LOCK_PERSON"));
        List<String> parts = new ArrayList<>();
        for (String part : joined.group(2).split(",\\s*")) {
            assertTrue(statements.containsKey(part), "no statement " + part);
            parts.add(statements.get(part));
        }
        return parts;
    }

    /** The store's inserts write every column the entities map, so what it writes reads back through them unchanged. */
    @Test
    void storeInsertsWriteEveryMappedColumn() throws IOException {
        assertColumns("journal_entry", "JournalEntry.java", JournalWriteTransaction.INSERT_ENTRY);
        assertColumns("idempotency_key", "IdempotencyKey.java", JournalWriteTransaction.INSERT_IDEMPOTENCY_KEY);
        assertColumns("write_allowance", "WriteAllowance.java", JournalWriteTransaction.UPSERT_WRITE_ALLOWANCE);
        Set<String> budget = mappedColumns(read(JOURNAL.resolve("WriteAllowance.java")));
        budget.remove("user_id");
        Matcher set = Pattern.compile("do update set (.*)$").matcher(JournalWriteTransaction.UPSERT_WRITE_ALLOWANCE);
        assertTrue(set.find());
        assertEquals(budget, columnsOf(set.group(1).replaceAll("\\s*=\\s*excluded\\.\\w+", "")), "the budget's upsert updates every column");
    }

    /** The steps of JournalService.record, in the order the copy takes them; a new step there must show up here. */
    @Test
    void theTransactionTakesTheServicesStepsInItsOrder() throws IOException {
        String record = between(read(JOURNAL.resolve("JournalService.java")), "public DecryptedEntry record(", "public DecryptedEntry revise(");
        List<String> calls = new ArrayList<>();
        Matcher m = Pattern.compile("\\b(ritualShares|idempotencyKeys|writeBudget|codec|entry|entryStore|outbox|JournalEntry)\\.(\\w+)\\(").matcher(record);
        while (m.find()) {
            calls.add(m.group(1) + "." + m.group(2));
        }
        // ritualShares.lockForWrite and entryStore.read are the shared entry's path (the bench shares nothing);
        // ritualShares.place/announce issue nothing for a practice other than the ritual of openness (the bench's);
        // idempotencyKeys.replay reads the entry only for a repeated key, which the bench never sends, and codec.open
        // only answers such a repeat.
        assertEquals(List.of("ritualShares.lockForWrite", "entryStore.read", "entryStore.lockAndRead", "idempotencyKeys.replay", "codec.open",
                "writeBudget.take", "codec.seal", "ritualShares.place", "entryStore.writeNewEntry", "ritualShares.announce"), calls,
                "JournalService.record changed: update JournalWriteTransaction.write and this list");
    }

    /** Runs on the schema of the service's own migrations, writes only into the copies, and leaves nothing behind. */
    @Test
    void writesIntoCopiesOfTheServicesTables(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = journalDatabase(dir); Connection c = pg.getPostgresDatabase().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("insert into person_key (user_id, wrapped_key, master_key_id, created_at) values ('bench-1', '\\x00', 'k1', now())");
                s.execute("insert into write_allowance (user_id, tokens, refilled_at) values ('bench-1', 42, now())");
            }
            CeilingCopies.prepare(c);
            CeilingCopies.use(c);
            JournalWriteTransaction tx = new JournalWriteTransaction("{\"sentence\":\"" + "a".repeat(90) + "\"}", 600);
            tx.write(c, "bench-1", "key-1");
            tx.write(c, "bench-2", "key-2");
            c.setAutoCommit(true);
            assertEquals(2, count(c, "bench_ceiling.journal_entry"));
            assertEquals(2, count(c, "bench_ceiling.outbox_event"));
            assertEquals(2, count(c, "bench_ceiling.idempotency_key"));
            assertEquals(2, count(c, "bench_ceiling.write_allowance"));
            assertEquals(42.0, scalar(c, "select tokens from bench_ceiling.write_allowance where user_id = 'bench-1'"), "nobody's budget is spent");
            assertEquals(0, count(c, "public.journal_entry"));
            assertEquals(0, count(c, "public.outbox_event"));
            assertEquals(1, count(c, "public.write_allowance"));
            assertTrue(scalar(c, "select min(length(content)) from bench_ceiling.journal_entry") > 100, "the body is sealed, with IV and tag");
            CeilingCopies.drop(c);
            assertEquals(0, count(c, "information_schema.schemata where schema_name = 'bench_ceiling'"));
        }
    }

    /**
     * The copies hold all of the service's rows (every person's, not only the bench's), with its indexes and storage
     * parameters, analyzed; the data keys' bytes are not copied. A leftover schema from an interrupted run is replaced.
     */
    @Test
    void copiesHoldTheServicesRows(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres pg = journalDatabase(dir); Connection c = pg.getPostgresDatabase().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("create schema bench_ceiling"); // left behind by a crashed run
                s.execute("create table bench_ceiling.journal_entry (id int)");
                // 40 people (bench and others), 1,500 entries with their Idempotency-Keys, 3 events the relay has not yet published.
                s.execute("insert into person_key (user_id, wrapped_key, master_key_id, created_at) select 'person-' || p, "
                        + "decode(md5(p::text) || md5(p::text || 'x'), 'hex'), 'k1', now() from generate_series(1, 30) p");
                s.execute("insert into person_key (user_id, wrapped_key, master_key_id, created_at) select 'bench-' || p, "
                        + "decode(md5(p::text), 'hex'), 'k1', now() from generate_series(0, 9) p");
                s.execute("insert into write_allowance (user_id, tokens, refilled_at) select user_id, 60, now() from person_key");
                s.execute("update write_allowance set tokens = 59 where user_id like 'person-%'"); // dead row versions: not copied
                s.execute("insert into journal_entry (id, user_id, practice, occurred_at, time_zone, local_date, local_time, version, "
                        + "created_at, updated_at, content) select gen_random_uuid(), (array(select user_id from person_key))[1 + i % 40], "
                        + "'HONEST_SENTENCE', now(), 'UTC', current_date, localtime, 1, now(), now(), decode(repeat('ab', 150), 'hex') "
                        + "from generate_series(1, 1500) i");
                s.execute("insert into idempotency_key (user_id, key, request_hash, entry_id, created_at) "
                        + "select user_id, 'key-' || id, '\\x01', id, now() from journal_entry");
                s.execute("insert into outbox_event (event_id, topic, message_key, event_type, payload) "
                        + "select gen_random_uuid(), 'journal.entry-events', 'person-1', 'EntryRecorded', '\\x00' from generate_series(1, 3)");
            }
            CeilingCopies.Prepared copies = CeilingCopies.prepare(c);

            for (String table : CeilingCopies.TABLES) {
                long service = count(c, "public." + table);
                assertEquals(service, count(c, "bench_ceiling." + table), table + ": the copy holds every row of the service's table");
                assertEquals(service, copies.rows().get(table), table);
                assertEquals(scalar(c, "select count(*) from pg_indexes where schemaname = 'public' and tablename = '" + table + "'"),
                        scalar(c, "select count(*) from pg_indexes where schemaname = 'bench_ceiling' and tablename = '" + table + "'"),
                        table + ": the copy has the service's indexes");
                assertEquals(service, scalar(c, "select reltuples from pg_class where oid = 'bench_ceiling." + table + "'::regclass"),
                        table + ": analyzed, so the planner sees the service's sizes");
            }
            assertEquals(1500, copies.rows().get("journal_entry"));
            assertEquals(40, copies.rows().get("person_key"));
            assertEquals(3, copies.rows().get("outbox_event"));
            assertEquals("{fillfactor=90}", text(c, "select reloptions::text from pg_class where oid = 'bench_ceiling.write_allowance'::regclass"),
                    "the service's storage parameters (journal V7) are copied too");
            assertEquals(0, count(c, "bench_ceiling.person_key k join public.person_key p using (user_id) where k.wrapped_key = p.wrapped_key "
                    + "or length(k.wrapped_key) <> length(p.wrapped_key) or ltrim(encode(k.wrapped_key, 'hex'), '0') <> ''"),
                    "no key bytes are copied, only zeros of the same length");
            assertEquals(0, count(c, "(select * from bench_ceiling.journal_entry except select * from public.journal_entry) d"),
                    "the entries are copied as they are");
            assertTrue(copies.describe().startsWith("copies with the service's 1,500 entries, 1,500 idempotency keys, 40 write budgets, 40 data keys"),
                    copies.describe());
            CeilingCopies.drop(c);
        }
    }

    /** A server with the schema of journal's own migrations (platform's outbox first). */
    private static EmbeddedPostgres journalDatabase(Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setPort(port).start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (Path migration : migrations()) {
                s.execute(read(migration));
            }
        } catch (Exception e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    private static List<Path> migrations() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path folder : List.of(REPO.resolve("platform/src/main/resources/db/platform"), REPO.resolve("journal-service/src/main/resources/db/migration"))) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> f.getFileName().toString().matches("V[0-9_]+__.*\\.sql"))
                        .sorted(Comparator.comparing(JournalWriteTransactionTest::version)).forEach(all::add);
            }
        }
        return all;
    }

    private static double version(Path migration) {
        String v = migration.getFileName().toString().replaceAll("^V([0-9_]+)__.*$", "$1").replaceFirst("_", ".").replace("_", "");
        return Double.parseDouble(v);
    }

    private static long count(Connection c, String from) throws Exception {
        return (long) scalar(c, "select count(*) from " + from);
    }

    private static String text(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static double scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getDouble(1);
        }
    }

    private static void assertColumns(String table, String entitySource, String insert) throws IOException {
        String source = read(JOURNAL.resolve(entitySource));
        assertTrue(source.contains("@Table(name = \"" + table + "\")"), entitySource + " no longer maps " + table);
        Matcher m = Pattern.compile("^insert into " + table + " \\(([^)]*)\\) values").matcher(insert);
        assertTrue(m.find(), insert);
        assertEquals(mappedColumns(source), columnsOf(m.group(1)), entitySource + "'s mapped columns changed: update the bench's copy");
    }

    /** Column of every persistent field: @Column(name = ...) or, without a name, the field's own name. */
    static Set<String> mappedColumns(String entitySource) {
        String body = entitySource.substring(entitySource.indexOf("extends PanacheEntityBase"));
        int nested = body.indexOf("public static class");
        if (nested > 0) {
            body = body.substring(0, nested);
        }
        Set<String> columns = new TreeSet<>();
        Matcher field = Pattern.compile("((?:@[^\\n]*\\n\\s*)*)public (?!static)[\\w\\[\\]<>]+ (\\w+);").matcher(body);
        while (field.find()) {
            Matcher name = Pattern.compile("@Column\\([^)]*name = \"(\\w+)\"").matcher(field.group(1));
            columns.add(name.find() ? name.group(1) : field.group(2));
        }
        return columns;
    }

    private static Set<String> columnsOf(String list) {
        Set<String> columns = new TreeSet<>();
        for (String c : list.split(",")) {
            columns.add(c.trim());
        }
        return columns;
    }

    /** Every {@code static final String NAME = "..." + "...";} of a source, its literals joined. */
    private static Map<String, String> constants(String source) {
        Matcher constant = Pattern.compile("static final String (\\w+) = ((?:\"[^\"]*\"\\s*\\+?\\s*)+);").matcher(source);
        Map<String, String> found = new TreeMap<>();
        while (constant.find()) {
            Matcher literal = Pattern.compile("\"([^\"]*)\"").matcher(constant.group(2));
            StringBuilder sql = new StringBuilder();
            while (literal.find()) {
                sql.append(literal.group(1));
            }
            found.put(constant.group(1), sql.toString());
        }
        return found;
    }

    private static String constant(String source, String name) {
        String value = constants(source).get(name);
        assertTrue(value != null, "no constant " + name);
        return value;
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        int end = text.indexOf(to, start + 1);
        assertTrue(start >= 0 && end > start, "cannot find " + from + " … " + to);
        return text.substring(start, end);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
