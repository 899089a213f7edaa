package app.openly.reminder.domain;

import app.openly.events.Practice;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** When a person last recorded a practice, in their own zone. */
@Entity
@Table(name = "practice_activity")
public class PracticeActivity extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "user_id") String userId,
                      @Enumerated(EnumType.STRING) @Column(name = "practice") Practice practice) implements Serializable {
    }

    @EmbeddedId
    public Key id;
    @Column(name = "time_zone", nullable = false)
    public String timeZone;
    @Column(name = "last_local_date", nullable = false)
    public LocalDate lastLocalDate;
    @Column(name = "last_local_time", nullable = false)
    public LocalTime lastLocalTime;
    @Column(name = "last_occurred_at", nullable = false)
    public Instant lastOccurredAt;
    @Column(name = "entries_seen", nullable = false)
    public int entriesSeen;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static List<PracticeActivity> of(String userId) {
        return list("id.userId = ?1 order by id.practice", userId);
    }
}
