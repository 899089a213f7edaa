package app.openly.localstack;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/**
 * The write transaction of {@code POST /api/v1/entries} (journal-service {@code JournalService.record} with an
 * Idempotency-Key, a person who already has a data key and a budget row), as plain JDBC: the database's ceiling for
 * that request. The statements are verbatim copies, in the order the service issues them (Hibernate flushes the
 * budget before the native data-key lookup, the entry and key rows before the outbox's native insert): native SQL copied from
 * platform {@code Outbox} and journal {@code PersonKeyStore}, and the statements Hibernate generates for the
 * entities {@code JournalEntry}, {@code WriteAllowance} and {@code IdempotencyKey} (flushed before the outbox's
 * native insert). They cannot be referenced: they live in Quarkus beans and entity mappings. {@code
 * JournalWriteTransactionTest} reads those sources and fails when they change and this copy does not.
 * <p>
 * Runs against copies of the service's tables in schema {@value #SCHEMA} of the journal database (same server,
 * same WAL, same durability), so the ceiling's rows never reach the relay, Kafka or anyone's journal.
 * <p>
 * Over 200 lines on purpose: most of it is the copied statements themselves, in the service's order, which is what
 * makes the ceiling comparable; spread over several classes they could no longer be read against the service.
 */
final class JournalWriteTransaction {

    static final String SCHEMA = "bench_ceiling";

    /** The tables the transaction touches; copied with {@code like ... including all} (indexes, defaults, checks). */
    static final List<String> TABLES = List.of("journal_entry", "write_allowance", "idempotency_key", "person_key", "outbox_event");

    // Verbatim as the service sends them (Hibernate's SQL log of journal-service, 2026-12-02, two POSTs with an
    // Idempotency-Key: a person's first write and a later one).
    /** Outbox.lockPerson (native); Outbox.add does not send it again for a person this transaction already locked. */
    static final String LOCK_PERSON = "select pg_advisory_xact_lock(hashtextextended(?, 7))";
    /** IdempotencyKeys.replay: IdempotencyKey.findById. */
    static final String FIND_IDEMPOTENCY_KEY = "select ik1_0.key,ik1_0.user_id,ik1_0.created_at,ik1_0.entry_id,ik1_0.request_hash "
            + "from idempotency_key ik1_0 where (ik1_0.key,ik1_0.user_id) in ((?,?))";
    /** WriteBudget.spend: WriteAllowance.findById. */
    static final String FIND_WRITE_ALLOWANCE = "select wa1_0.user_id,wa1_0.refilled_at,wa1_0.tokens from write_allowance wa1_0 where wa1_0.user_id=?";
    /** WriteBudget.spend on a person with a budget row: the dirty entity, flushed by the next native query. */
    static final String UPDATE_WRITE_ALLOWANCE = "update write_allowance set refilled_at=?,tokens=? where user_id=?";
    /** WriteBudget.spend on a person's first write. */
    static final String INSERT_WRITE_ALLOWANCE = "insert into write_allowance (refilled_at,tokens,user_id) values (?,?,?)";
    /** EntryCipher.encrypt: PersonKeyStore.find (native). */
    static final String FIND_PERSON_KEY = "select wrapped_key, master_key_id from person_key where user_id = ?";
    /** entry.persist(), flushed by the outbox's native insert. */
    static final String INSERT_ENTRY = "insert into journal_entry (content,created_at,feeling,local_date,local_time,metrics,occurred_at,practice,"
            + "ritual_night,shared_pair_id,text_lengths,themes,time_zone,updated_at,user_id,version,id) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    /** IdempotencyKeys.remember: persist(), flushed with the entry. */
    static final String INSERT_IDEMPOTENCY_KEY = "insert into idempotency_key (created_at,entry_id,request_hash,key,user_id) values (?,?,?,?,?)";
    /** Outbox.add (native). */
    static final String INSERT_OUTBOX_EVENT = "insert into outbox_event (event_id, topic, message_key, event_type, payload) values (?, ?, ?, ?, ?)";

    /** Every statement, for the drift test. */
    static final List<String> STATEMENTS = List.of(LOCK_PERSON, FIND_IDEMPOTENCY_KEY, FIND_WRITE_ALLOWANCE, UPDATE_WRITE_ALLOWANCE,
            INSERT_WRITE_ALLOWANCE, FIND_PERSON_KEY, INSERT_ENTRY, INSERT_IDEMPOTENCY_KEY, INSERT_OUTBOX_EVENT);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] plaintext;
    private final byte[] payload;
    private final SecretKeySpec key;

    /**
     * @param contentJson the entry's text as the service seals it (EntryContent as JSON): the ciphertext is AES-GCM over
     *                    exactly this, so the row has a realistic size
     * @param payloadSize bytes of the outbox payload (an EntryRecorded envelope is about this long)
     */
    JournalWriteTransaction(String contentJson, int payloadSize) {
        this.plaintext = contentJson.getBytes(StandardCharsets.UTF_8);
        this.payload = new byte[payloadSize];
        java.util.Arrays.fill(payload, (byte) 'x');
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        this.key = new SecretKeySpec(k, "AES");
    }

    /** Copies the service's tables (structure, and the bench people's key and budget rows) into {@value #SCHEMA}. */
    static void prepare(Connection c, String peoplePrefix) throws SQLException {
        c.setAutoCommit(true);
        try (var s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
            s.execute("create schema " + SCHEMA);
            for (String table : TABLES) {
                s.execute("create table " + SCHEMA + "." + table + " (like public." + table + " including all)");
            }
        }
        for (String table : List.of("person_key", "write_allowance")) {
            try (PreparedStatement p = c.prepareStatement("insert into " + SCHEMA + "." + table + " select * from public." + table + " where user_id like ?")) {
                p.setString(1, peoplePrefix + "%");
                p.executeUpdate();
            }
        }
    }

    static void dropCopies(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (var s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    /** A connection for {@link #write}: the copies first on the search path, autocommit off like the service's. */
    static void use(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (var s = c.createStatement()) {
            s.execute("set search_path to " + SCHEMA);
        }
        c.setAutoCommit(false);
    }

    /** One write of {@code userId}, committed. */
    void write(Connection c, String userId, String idempotencyKey) throws Exception {
        Instant now = Instant.now();
        UUID entryId = UUID.randomUUID();
        try {
            try (PreparedStatement p = c.prepareStatement(LOCK_PERSON)) {
                p.setString(1, userId);
                p.executeQuery().close();
            }
            try (PreparedStatement p = c.prepareStatement(FIND_IDEMPOTENCY_KEY)) {
                p.setString(1, idempotencyKey);
                p.setString(2, userId);
                p.executeQuery().close();
            }
            boolean hasBudget;
            double tokens = 60;
            try (PreparedStatement p = c.prepareStatement(FIND_WRITE_ALLOWANCE)) {
                p.setString(1, userId);
                try (ResultSet r = p.executeQuery()) {
                    hasBudget = r.next();
                    if (hasBudget) {
                        tokens = r.getDouble("tokens"); // written back unchanged: the ceiling spends nobody's budget
                    }
                }
            }
            // Hibernate flushes the dirty budget before the data-key lookup (a native query), not at the end.
            try (PreparedStatement p = c.prepareStatement(hasBudget ? UPDATE_WRITE_ALLOWANCE : INSERT_WRITE_ALLOWANCE)) {
                p.setTimestamp(1, Timestamp.from(now));
                p.setDouble(2, tokens);
                p.setString(3, userId);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(FIND_PERSON_KEY)) {
                p.setString(1, userId);
                p.executeQuery().close();
            }
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            gcm.updateAAD((userId + "/" + entryId).getBytes(StandardCharsets.UTF_8));
            byte[] sealed = gcm.doFinal(plaintext);
            byte[] content = new byte[1 + iv.length + sealed.length];
            System.arraycopy(iv, 0, content, 1, iv.length);
            System.arraycopy(sealed, 0, content, 1 + iv.length, sealed.length);
            try (PreparedStatement p = c.prepareStatement(INSERT_ENTRY)) {
                int i = 1;
                p.setBytes(i++, content);
                p.setTimestamp(i++, Timestamp.from(now));
                p.setString(i++, "NERVOUS");
                p.setObject(i++, LocalDate.of(2026, 12, 1));
                p.setObject(i++, LocalTime.of(20, 15));
                p.setObject(i++, "{\"courage\":4,\"shared\":true}", java.sql.Types.OTHER); // jsonb, typed by the server
                p.setTimestamp(i++, Timestamp.from(now.minusSeconds(300)));
                p.setString(i++, "HONEST_SENTENCE");
                p.setObject(i++, null, java.sql.Types.DATE);
                p.setObject(i++, null, java.sql.Types.OTHER);
                p.setObject(i++, "{\"sentence\":92,\"sharedWith\":9,\"note\":27}", java.sql.Types.OTHER);
                p.setArray(i++, c.createArrayOf("text", new String[] {"family", "loneliness"}));
                p.setString(i++, "Europe/Berlin");
                p.setTimestamp(i++, Timestamp.from(now));
                p.setString(i++, userId);
                p.setLong(i++, 1);
                p.setObject(i, entryId);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(INSERT_IDEMPOTENCY_KEY)) {
                byte[] hash = new byte[32];
                RANDOM.nextBytes(hash);
                p.setTimestamp(1, Timestamp.from(now));
                p.setObject(2, entryId);
                p.setBytes(3, hash);
                p.setString(4, idempotencyKey);
                p.setString(5, userId);
                p.executeUpdate();
            }
            // No second LOCK_PERSON before the outbox insert: Outbox.lockPerson skips a person this transaction already locked.
            try (PreparedStatement p = c.prepareStatement(INSERT_OUTBOX_EVENT)) {
                p.setObject(1, UUID.randomUUID());
                p.setString(2, "journal.entry-events");
                p.setString(3, userId);
                p.setString(4, "EntryRecorded");
                p.setBytes(5, payload);
                p.executeUpdate();
            }
            c.commit();
        } catch (Exception e) {
            c.rollback();
            throw e;
        }
    }
}
