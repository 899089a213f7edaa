package app.openly.insights.domain;

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
import java.util.UUID;

/** The latest known facts of one entry. */
@Entity
@Table(name = "entry_projection")
public class EntryProjection extends PanacheEntityBase {
    @Id
    @Column(name = "entry_id")
    public UUID entryId;
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Column(name = "org_id")
    public String orgId;
    @Column(nullable = false)
    public long version;
    @Column(nullable = false)
    public boolean deleted;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Practice practice;
    @Column(name = "local_date", nullable = false)
    public LocalDate localDate;
    @Column(name = "time_zone", nullable = false)
    public String timeZone;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    /** PracticeMetrics as JSON: numbers only. */
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.JSON)
    @Column(nullable = false)
    public String metrics = "{}";
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.ARRAY)
    @Column(nullable = false)
    public String[] themes = new String[0];
}
