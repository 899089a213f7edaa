package app.openly.journal.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** An Idempotency-Key a person sent with POST /entries, and the entry it recorded. See {@link IdempotencyKeys}. */
@Entity
@Table(name = "idempotency_key")
@IdClass(IdempotencyKey.Key.class)
public class IdempotencyKey extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public String userId;
    @Id
    @Column(name = "key")
    public String key;
    @Column(name = "request_hash", nullable = false)
    public byte[] requestHash;
    @Column(name = "entry_id", nullable = false)
    public UUID entryId;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The primary key: a key is unique per person. */
    public static class Key implements Serializable {
        public String userId;
        public String key;

        public Key() {
        }

        public Key(String userId, String key) {
            this.userId = userId;
            this.key = key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(userId, k.userId) && Objects.equals(key, k.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, key);
        }
    }
}
