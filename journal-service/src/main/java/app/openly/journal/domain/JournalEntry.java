package app.openly.journal.domain;

import app.openly.events.Feeling;
import app.openly.events.Practice;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/** One entry. All free text is in {@link #content}, encrypted; the rest is numbers, tags and dates. */
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
    @Enumerated(EnumType.STRING)
    public Feeling feeling;
    /** PracticeMetrics as JSON (numbers only). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String metrics;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public String[] themes;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "text_lengths", nullable = false)
    public String textLengths;
    /** AES-GCM ciphertext of the EntryContent JSON, bound to this entry and person. */
    public byte[] content;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    /** A ritual entry shared with this partnership (null: private). */
    @Column(name = "shared_pair_id")
    public UUID sharedPairId;
    /** A ritual entry's night: its local date, the day starting at 04:00 (null for other practices). */
    @Column(name = "ritual_night")
    public LocalDate ritualNight;
}
