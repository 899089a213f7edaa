package app.openly.reminder.domain;

import app.openly.events.Practice;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One reminder of one practice on one local day. What the person reads and answers goes through this
 * entity; the schedule's bulk work (re-planning, the due scan) is in {@link ScheduleStore}.
 */
@Entity
@Table(name = "scheduled_reminder")
public class ScheduledReminder extends PanacheEntityBase {

    /** PENDING: waiting to fall due (a snoozed reminder is PENDING again); SENT: ReminderDue published. */
    public enum Status { PENDING, SENT }

    /** How a sent reminder was answered; IGNORED: no answer within the helpful window. */
    public enum Answer { OPENED, DISMISSED, IGNORED }

    @Id
    public UUID id;
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Enumerated(EnumType.STRING)
    @Column(name = "practice", nullable = false)
    public Practice practice;
    @Column(name = "local_date", nullable = false)
    public LocalDate localDate;
    @Column(name = "local_time", nullable = false)
    public LocalTime localTime;
    @Column(name = "time_zone", nullable = false)
    public String timeZone;
    @Column(name = "due_at", nullable = false)
    public Instant dueAt;
    @Column(name = "reason", nullable = false)
    public String reason;
    /** What {@link #reason} says, as codes (comma-separated {@code ReminderPlanner.ReasonCode}s; '' for older rows). */
    @Column(name = "reason_codes", nullable = false)
    public String reasonCodes = "";
    @Column(name = "message", nullable = false)
    public String message;
    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    public Status status;
    @Column(name = "snoozed", nullable = false)
    public boolean snoozed;
    @Column(name = "sent_at")
    public Instant sentAt;
    @Enumerated(EnumType.STRING)
    @Column(name = "response")
    public Answer response;
    @Column(name = "responded_at")
    public Instant respondedAt;
    @Column(name = "helpful", nullable = false)
    public boolean helpful;

    /** The person's reminder, locked for this transaction; another person's is not found. */
    public static Optional<ScheduledReminder> lockOf(String userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The person's waiting reminders, earliest first. */
    public static List<ScheduledReminder> pendingOf(String userId) {
        return list("userId = ?1 and status = ?2 order by dueAt", userId, Status.PENDING);
    }

    /** The person's reminders sent since {@code since}, newest first. */
    public static List<ScheduledReminder> sentSince(String userId, Instant since) {
        return list("userId = ?1 and status = ?2 and dueAt >= ?3 order by dueAt desc", userId, Status.SENT, since);
    }

    /** The column's form of reason codes. */
    public static String codes(java.util.List<app.openly.reminder.domain.logic.ReminderPlanner.ReasonCode> codes) {
        return String.join(",", codes.stream().map(Enum::name).toList());
    }

    /** The reason codes of this reminder, in order. */
    public java.util.List<String> reasonCodeList() {
        return reasonCodes == null || reasonCodes.isBlank() ? java.util.List.of() : java.util.List.of(reasonCodes.split(","));
    }
}
