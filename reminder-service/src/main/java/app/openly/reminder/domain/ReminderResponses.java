package app.openly.reminder.domain;

import app.openly.events.Practice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** What a person sees of their schedule (upcoming, and sent with how it went) and how they answer a reminder. */
@ApplicationScoped
public class ReminderResponses {

    public record Upcoming(UUID id, Practice practice, Instant at, LocalDate localDate, LocalTime localTime, String timeZone,
                           String reason, List<String> reasonCodes, String message) {
    }

    public record Sent(UUID id, Practice practice, Instant at, LocalDate localDate, LocalTime localTime, String response, boolean helpful) {
    }

    public enum Response { OPENED, DISMISSED, SNOOZED }

    @Inject
    PracticeResponseStore responses;
    @Inject
    app.openly.reminder.domain.language.PersonLocales locales;

    /** The person's upcoming reminders, earliest first, for apps that schedule local notifications. */
    @Transactional
    public List<Upcoming> next(String userId) {
        return ScheduledReminder.pendingOf(userId).stream()
                .map(r -> new Upcoming(r.id, r.practice, r.dueAt, r.localDate, r.localTime, r.timeZone, r.reason, r.reasonCodeList(), r.message))
                .toList();
    }

    /** Reminders sent since {@code since}, newest first: how each was answered and whether the practice followed. */
    @Transactional
    public List<Sent> history(String userId, Instant since) {
        return ScheduledReminder.sentSince(userId, since).stream()
                .map(r -> new Sent(r.id, r.practice, r.dueAt, r.localDate, r.localTime, r.response == null ? null : r.response.name(), r.helpful))
                .toList();
    }

    /**
     * OPENED ends any back-off, DISMISSED counts towards it (once per reminder), SNOOZED brings the
     * reminder back after the given minutes.
     *
     * @throws ReminderNotFoundException when the person has no reminder with that id
     */
    @Transactional
    public void respond(String userId, UUID reminderId, Response response, Integer snoozeMinutes, Instant now) {
        ScheduledReminder reminder = ScheduledReminder.lockOf(userId, reminderId)
                .orElseThrow(() -> new ReminderNotFoundException(reminderId));
        ScheduledReminder.Answer previous = reminder.response;
        switch (response) {
            case OPENED -> {
                responses.reset(userId, reminder.practice);
                answer(reminder, ScheduledReminder.Answer.OPENED, now);
            }
            case DISMISSED -> {
                if (previous == null) {
                    responses.countUnanswered(userId, reminder.practice);
                }
                if (previous != ScheduledReminder.Answer.IGNORED) {
                    answer(reminder, ScheduledReminder.Answer.DISMISSED, now);
                }
            }
            case SNOOZED -> {
                // localTime follows the new moment in the reminder's zone; localDate stays the day the reminder is for.
                Instant at = now.plus(Duration.ofMinutes(snoozeMinutes)).truncatedTo(ChronoUnit.SECONDS);
                reminder.status = ScheduledReminder.Status.PENDING;
                reminder.snoozed = true;
                reminder.response = null;
                reminder.respondedAt = null;
                reminder.dueAt = at;
                reminder.localTime = at.atZone(ZoneId.of(reminder.timeZone)).toLocalTime();
                reminder.reason = app.openly.reminder.domain.logic.Messages.text(locales.localeOf(reminder.userId), "reason.snoozed", snoozeMinutes);
                reminder.reasonCodes = app.openly.reminder.domain.logic.ReminderPlanner.ReasonCode.SNOOZED.name();
            }
            default -> throw new IllegalStateException(response.name());
        }
    }

    private static void answer(ScheduledReminder reminder, ScheduledReminder.Answer answer, Instant now) {
        reminder.response = answer;
        reminder.respondedAt = now;
    }
}
