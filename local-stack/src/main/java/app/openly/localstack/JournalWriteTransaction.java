package app.openly.localstack;

import app.openly.platform.persistence.TimeOrderedIds;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/**
 * The write transaction of {@code POST /api/v1/entries} (journal-service {@code JournalService.record} with an
 * Idempotency-Key, a person who already has a data key and a budget row), as plain JDBC: the database's ceiling for
 * that request. The statements are verbatim copies, in the order the service issues them (all plain JDBC there too; the
 * lock and the two reads after it, and the four writes, as there, each in one multi-statement and so one round trip):
 * platform {@code Outbox}'s lock and insert, journal {@code PersonKeyStore}'s key lookup, and journal
 * {@code EntryWriteStore}'s statements for the entry, its Idempotency-Key and the write budget. They cannot be referenced: they live in Quarkus beans of another
 * module. {@code JournalWriteTransactionTest} reads those sources and fails when they change and this copy does not.
 * <p>
 * Runs against {@link CeilingCopies}: copies of the service's tables in schema {@value CeilingCopies#SCHEMA} of the journal
 * database (same server, same WAL, same durability), so the ceiling's rows never reach the relay, Kafka or anyone's
 * journal, filled with all of the service's rows (entries, Idempotency-Keys, budgets, data keys with zeroed key bytes,
 * whatever the outbox holds), so the statements meet indexes of the service's size (wave 9 measured ~25 % less
 * execution time on the empty copies used before). Not copied: the budget rows' update history (dead row versions,
 * HOT chains), which a copy cannot carry.
 */
final class JournalWriteTransaction {

    // Verbatim as the service sends them, all plain JDBC on the transaction's connection: platform Outbox's JDBC path
    // (through journal EntryWriteStore), journal PersonKeyStore.FIND and EntryWriteStore's own statements.
    /** Outbox.LOCK_PERSON, first part of EntryWriteStore.lockAndRead; Outbox.bindInto does not send it again for a person this transaction already locked. */
    static final String LOCK_PERSON = "select pg_advisory_xact_lock(hashtextextended(?, 7))";
    /** The key lookup, second part of EntryWriteStore.lockAndRead (IdempotencyKeys.replay decides on it). */
    static final String FIND_IDEMPOTENCY_KEY = "select request_hash, entry_id from idempotency_key where user_id = ? and key = ?";
    /** The budget read, last part of EntryWriteStore.lockAndRead (WriteBudget.take decides on it). */
    static final String FIND_WRITE_ALLOWANCE = "select tokens, refilled_at from write_allowance where user_id = ?";
    /** The budget as the write leaves it, first part of EntryWriteStore.writeNewEntry (a person's first write inserts, later ones update). */
    static final String UPSERT_WRITE_ALLOWANCE = "insert into write_allowance (user_id, tokens, refilled_at) values (?, ?, ?) "
            + "on conflict (user_id) do update set tokens = excluded.tokens, refilled_at = excluded.refilled_at";
    /** EntryCipher.encrypt: PersonKeyStore.FIND. */
    static final String FIND_PERSON_KEY = "select wrapped_key, master_key_id from person_key where user_id = ?";
    /** The entry, second part of EntryWriteStore.writeNewEntry. */
    static final String INSERT_ENTRY = "insert into journal_entry (id, user_id, practice, occurred_at, time_zone, local_date, local_time, version, "
            + "feeling, metrics, themes, text_lengths, content, created_at, updated_at, shared_pair_id, ritual_night) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** The Idempotency-Key, third part of EntryWriteStore.writeNewEntry (WRITE_NEW_ENTRY_WITH_KEY: the bench sends a key). */
    static final String INSERT_IDEMPOTENCY_KEY = "insert into idempotency_key (user_id, key, request_hash, entry_id, created_at) values (?, ?, ?, ?, ?)";
    /** Outbox.INSERT_EVENT, the last part of EntryWriteStore.writeNewEntry (Outbox.bindInto). */
    static final String INSERT_OUTBOX_EVENT = "insert into outbox_event (event_id, topic, message_key, event_type, payload) values (?, ?, ?, ?, ?)";
    /**
     * EntryWriteStore.WRITE_NEW_ENTRY_WITH_KEY: budget, entry, key and event joined into one multi-statement, which the
     * driver sends in one round trip (the parts and their order are checked against the service's by the drift test).
     */
    static final List<String> NEW_ENTRY_PARTS = List.of(UPSERT_WRITE_ALLOWANCE, INSERT_ENTRY, INSERT_IDEMPOTENCY_KEY, INSERT_OUTBOX_EVENT);
    static final String WRITE_NEW_ENTRY_WITH_KEY = String.join(";\n", NEW_ENTRY_PARTS);

    /** EntryWriteStore.LOCK_AND_READ_WITH_KEY: the lock, then what the write decides on, in one round trip. */
    static final List<String> LOCK_AND_READ_PARTS = List.of(LOCK_PERSON, FIND_IDEMPOTENCY_KEY, FIND_WRITE_ALLOWANCE);
    static final String LOCK_AND_READ_WITH_KEY = String.join(";\n", LOCK_AND_READ_PARTS);

    /** The statements copied from journal's EntryWriteStore, for the drift test. */
    static final List<String> STORE_STATEMENTS = List.of(FIND_IDEMPOTENCY_KEY, FIND_WRITE_ALLOWANCE, UPSERT_WRITE_ALLOWANCE, INSERT_ENTRY,
            INSERT_IDEMPOTENCY_KEY);

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

    /** One write of {@code userId}, committed. */
    void write(Connection c, String userId, String idempotencyKey) throws Exception {
        Instant now = Instant.now();
        UUID entryId = TimeOrderedIds.at(now); // as JournalService makes them
        try {
            double tokens = 60;
            // The lock, then the key lookup and the budget read, in one round trip (EntryWriteStore.lockAndRead).
            try (PreparedStatement p = c.prepareStatement(LOCK_AND_READ_WITH_KEY)) {
                p.setString(1, userId);
                p.setString(2, userId);
                p.setString(3, idempotencyKey);
                p.setString(4, userId);
                p.execute(); // the lock's result first
                if (!p.getMoreResults()) {
                    throw new IllegalStateException("no key lookup result");
                }
                p.getResultSet().close();
                if (!p.getMoreResults()) {
                    throw new IllegalStateException("no budget result");
                }
                try (ResultSet r = p.getResultSet()) {
                    if (r.next()) {
                        tokens = r.getDouble("tokens"); // written back unchanged: the ceiling spends nobody's budget
                    }
                }
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
            // No second LOCK_PERSON before the outbox insert: Outbox.lockPerson skips a person this transaction already locked.
            try (PreparedStatement p = c.prepareStatement(WRITE_NEW_ENTRY_WITH_KEY)) {
                int i = 1;
                p.setString(i++, userId); // the budget, written back unchanged: the ceiling spends nobody's budget
                p.setDouble(i++, tokens);
                p.setTimestamp(i++, Timestamp.from(now));
                p.setObject(i++, entryId); // the entry
                p.setString(i++, userId);
                p.setString(i++, "HONEST_SENTENCE");
                p.setTimestamp(i++, Timestamp.from(now.minusSeconds(300)));
                p.setString(i++, "Europe/Berlin");
                p.setObject(i++, LocalDate.of(2026, 12, 1));
                p.setObject(i++, LocalTime.of(20, 15));
                p.setLong(i++, 1);
                p.setString(i++, "NERVOUS");
                p.setObject(i++, "{\"courage\":4,\"shared\":true}", java.sql.Types.OTHER); // jsonb, typed by the server
                p.setArray(i++, c.createArrayOf("text", new String[] {"family", "loneliness"}));
                p.setObject(i++, "{\"sentence\":92,\"sharedWith\":9,\"note\":27}", java.sql.Types.OTHER);
                p.setBytes(i++, content);
                p.setTimestamp(i++, Timestamp.from(now));
                p.setTimestamp(i++, Timestamp.from(now));
                p.setObject(i++, null, java.sql.Types.OTHER);
                p.setObject(i++, null, java.sql.Types.DATE);
                byte[] hash = new byte[32]; // the Idempotency-Key
                RANDOM.nextBytes(hash);
                p.setString(i++, userId);
                p.setString(i++, idempotencyKey);
                p.setBytes(i++, hash);
                p.setObject(i++, entryId);
                p.setTimestamp(i++, Timestamp.from(now));
                p.setObject(i++, TimeOrderedIds.at(now)); // the event
                p.setString(i++, "journal.entry-events");
                p.setString(i++, userId);
                p.setString(i++, "EntryRecorded");
                p.setBytes(i, payload);
                // As the service does: each part wrote one row (the counts came back with the one round trip).
                boolean resultSet = p.execute();
                int parts = 0;
                while (resultSet || p.getUpdateCount() != -1) {
                    if (resultSet || p.getUpdateCount() != 1) {
                        throw new IllegalStateException("part " + (parts + 1) + " of the new entry's write did not write one row");
                    }
                    parts++;
                    resultSet = p.getMoreResults();
                }
                if (parts != NEW_ENTRY_PARTS.size()) {
                    throw new IllegalStateException("the new entry's write ran " + parts + " parts");
                }
            }
            c.commit();
        } catch (Exception e) {
            c.rollback();
            throw e;
        }
    }
}
