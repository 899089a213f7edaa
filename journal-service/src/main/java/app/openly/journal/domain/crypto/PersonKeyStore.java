package app.openly.journal.domain.crypto;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The wrapped data keys (table person_key). Native SQL because what it needs JPQL cannot say: an insert
 * that keeps the first of two racing keys (ON CONFLICT) and batches claimed with SKIP LOCKED.
 */
@ApplicationScoped
public class PersonKeyStore {

    /** A person's data key as stored: wrapped by a master key. */
    public record StoredKey(String userId, MasterKeys.Wrapped wrapped) {
    }

    @Inject
    EntityManager em;
    @Inject
    AgroalDataSource dataSource;

    /** {@link #find}'s statement (the bench's ceiling copies it). */
    static final String FIND = "select wrapped_key, master_key_id from person_key where user_id = ?";

    /**
     * Plain JDBC on the datasource's connection (inside a transaction, its enlisted one; without, a pooled one), not a
     * native query: each entry written or read looks its author's key up, and on POST /entries this is what kept the
     * Hibernate session open (issue 17; see EntryWriteStore). No {@code @Transactional(SUPPORTS)}: it changed nothing
     * (the datasource enlists the connection when there is a transaction) and cost an interception per write.
     */
    public Optional<MasterKeys.Wrapped> find(String userId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(FIND)) {
            p.setString(1, userId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new MasterKeys.Wrapped(r.getBytes(1), r.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("data key lookup failed: " + e.getSQLState(), e);
        }
    }

    /** @return false when another transaction stored this person's key first (keep theirs) */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean insertIfAbsent(String userId, MasterKeys.Wrapped wrapped, Instant createdAt) {
        return em.createNativeQuery("""
                        insert into person_key (user_id, wrapped_key, master_key_id, created_at)
                        values (:userId, :wrappedKey, :masterKeyId, :createdAt)
                        on conflict do nothing""")
                .setParameter("userId", userId).setParameter("wrappedKey", wrapped.bytes())
                .setParameter("masterKeyId", wrapped.masterKeyId()).setParameter("createdAt", createdAt)
                .executeUpdate() == 1;
    }

    /** Up to {@code limit} keys not wrapped by {@code currentMasterKeyId}, locked; rows other replicas hold are skipped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredKey> claimWrappedByAnotherMasterKey(String currentMasterKeyId, int limit) {
        List<Tuple> rows = em.createNativeQuery("""
                        select user_id, wrapped_key, master_key_id from person_key
                        where master_key_id is null or master_key_id <> :currentMasterKeyId
                        limit :batchSize for update skip locked""", Tuple.class)
                .setParameter("currentMasterKeyId", currentMasterKeyId).setParameter("batchSize", limit).getResultList();
        return rows.stream().map(row -> new StoredKey(row.get("user_id", String.class), wrapped(row))).toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void replace(String userId, MasterKeys.Wrapped wrapped) {
        em.createNativeQuery("update person_key set wrapped_key = :wrappedKey, master_key_id = :masterKeyId where user_id = :userId")
                .setParameter("wrappedKey", wrapped.bytes()).setParameter("masterKeyId", wrapped.masterKeyId())
                .setParameter("userId", userId).executeUpdate();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean anyWrappedByAnotherMasterKey(String currentMasterKeyId) {
        return !em.createNativeQuery("select 1 from person_key where master_key_id is distinct from :currentMasterKeyId limit 1")
                .setParameter("currentMasterKeyId", currentMasterKeyId).getResultList().isEmpty();
    }

    private static MasterKeys.Wrapped wrapped(Tuple row) {
        return new MasterKeys.Wrapped(row.get("wrapped_key", byte[].class), row.get("master_key_id", String.class));
    }
}
