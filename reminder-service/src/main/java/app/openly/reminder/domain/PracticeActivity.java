package app.openly.reminder.domain;

import app.openly.events.EntryFacts;
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

    /**
     * One more entry of the practice seen, in one upsert (a batch of events writes no entity a later statement of the
     * batch would dirty-check again): its time becomes the last one unless an entry that occurred later was seen.
     */
    public static void seen(String userId, EntryFacts entry, Instant now) {
        getEntityManager().createNativeQuery("""
                        insert into practice_activity as a (user_id, practice, time_zone, last_local_date, last_local_time, last_occurred_at,
                            entries_seen, updated_at)
                        values (:userId, :practice, :zone, :localDate, :localTime, :occurredAt, 1, :now)
                        on conflict (user_id, practice) do update set entries_seen = a.entries_seen + 1, updated_at = excluded.updated_at,
                            time_zone = case when a.last_occurred_at > excluded.last_occurred_at then a.time_zone else excluded.time_zone end,
                            last_local_date = case when a.last_occurred_at > excluded.last_occurred_at then a.last_local_date
                                else excluded.last_local_date end,
                            last_local_time = case when a.last_occurred_at > excluded.last_occurred_at then a.last_local_time
                                else excluded.last_local_time end,
                            last_occurred_at = greatest(a.last_occurred_at, excluded.last_occurred_at)""")
                .setParameter("userId", userId).setParameter("practice", entry.practice().name()).setParameter("zone", entry.timeZone())
                .setParameter("localDate", entry.localDate()).setParameter("localTime", entry.localTime())
                .setParameter("occurredAt", PracticeHistoryStore.utc(entry.occurredAt())).setParameter("now", PracticeHistoryStore.utc(now))
                .executeUpdate();
    }

    public static List<PracticeActivity> of(String userId) {
        return list("id.userId = ?1 order by id.practice", userId);
    }
}
