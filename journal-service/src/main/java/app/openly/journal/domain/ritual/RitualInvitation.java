package app.openly.journal.domain.ritual;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An invitation to become someone's ritual partner, found by the hash of its code (the code itself is not stored). */
@Entity
@Table(name = "ritual_invitation")
public class RitualInvitation extends PanacheEntityBase {

    public enum State { OPEN, USED, CANCELLED }

    @Id
    @Column(name = "code_hash")
    public String codeHash;
    /** Who invited. */
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Column(name = "display_name", nullable = false)
    public String displayName;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;
    @Column(name = "closed_at")
    public Instant closedAt;

    /** Closes every open invitation of {@code userId} (they paired: their codes must not pair them again). */
    public static void cancelOpenOf(String userId, Instant now) {
        update("state = ?1, closedAt = ?2 where userId = ?3 and state = ?4", State.CANCELLED, now, userId, State.OPEN);
    }
}
