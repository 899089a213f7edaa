package app.openly.journal.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A person's write budget (token bucket) as stored, shared by every replica. See {@link WriteBudget}. */
@Entity
@Table(name = "write_allowance")
public class WriteAllowance extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public String userId;
    @Column(nullable = false)
    public double tokens;
    @Column(name = "refilled_at", nullable = false)
    public Instant refilledAt;
}
