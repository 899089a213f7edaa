package app.openly.journal.domain;

import app.openly.events.Practice;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

@Entity
@Table(name = "journal_entry")
public class JournalEntry extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Practice practice;
    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
    @Column(name = "time_zone", nullable = false)
    public String timeZone;
    @Column(name = "local_date", nullable = false)
    public LocalDate localDate;
    @Column(name = "local_time", nullable = false)
    public LocalTime localTime;
    @Column(nullable = false)
    public long version;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
