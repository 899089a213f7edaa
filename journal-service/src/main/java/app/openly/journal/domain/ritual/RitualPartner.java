package app.openly.journal.domain.ritual;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One person's side of a ritual partnership; two rows with the same pairId make a pair. */
@Entity
@Table(name = "ritual_partner")
public class RitualPartner extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "pair_id", nullable = false)
    public UUID pairId;
    @Column(name = "user_id", nullable = false)
    public String userId;
    /** The name this person chose to be shown to their partner. */
    @Column(name = "display_name", nullable = false)
    public String displayName;
    @Column(name = "formed_at", nullable = false)
    public Instant formedAt;
    @Column(name = "ended_at")
    public Instant endedAt;

    /** The person's side of their partnership that has not ended, if any. */
    public static Optional<RitualPartner> activeOf(String userId) {
        return find("userId = ?1 and endedAt is null", userId).firstResultOptional();
    }

    /** The other side of this (active) partnership. */
    public RitualPartner other() {
        return RitualPartner.<RitualPartner>find("pairId = ?1 and userId <> ?2", pairId, userId).firstResult();
    }
}
