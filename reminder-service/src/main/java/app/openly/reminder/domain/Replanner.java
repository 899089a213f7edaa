package app.openly.reminder.domain;

import app.openly.events.Practice;
import app.openly.reminder.config.ReminderConfig;
import app.openly.reminder.domain.logic.Preferences;
import app.openly.reminder.domain.logic.ReminderPlanner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Re-plans a person's waiting reminders from their preferences and history with the pure
 * {@link ReminderPlanner}, and rolls every schedule forward when the person's local day turns.
 *
 * <p>Locking order, the same everywhere so concurrent work cannot deadlock: the person's preferences row
 * (re-planning is serialized per person), then their {@code scheduled_reminder} rows, then
 * {@code practice_response}. The due scan never takes a preferences lock.
 */
@ApplicationScoped
public class Replanner {

    @Inject
    PreferencesStore preferences;
    @Inject
    PracticeHistoryStore history;
    @Inject
    PracticeResponseStore responses;
    @Inject
    ScheduleStore schedule;
    @Inject
    ReminderConfig config;
    @Inject
    app.openly.reminder.domain.ritual.RitualReminders rituals;
    @Inject
    app.openly.reminder.domain.language.PersonLocales locales;

    /**
     * Re-plans with the person's preferences row locked by the caller. Sent and snoozed reminders keep
     * their place (and count towards the day's cap). Ids are derived from person, practice and day, so an
     * app that scheduled a local notification from {@code /next} keeps a valid id.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replanLocked(String userId, Preferences prefs, Instant now) {
        LocalDate today = now.atZone(prefs.zone()).toLocalDate();
        Map<Practice, ReminderPlanner.PracticeState> states = new EnumMap<>(Practice.class);
        for (Practice practice : prefs.windows().keySet()) {
            states.put(practice, state(userId, practice, today));
        }
        schedule.dropPlanned(userId);
        // A snoozed reminder keeps its time, unless the person has since paused, dropped that day or that practice.
        for (ScheduleStore.Snoozed snoozed : schedule.snoozed(userId)) {
            if (!prefs.remindsOf(snoozed.practice(), snoozed.localDate())) {
                schedule.delete(snoozed.id());
            }
        }
        var taken = schedule.takenFrom(userId, today);
        // A ritual partner moves the ritual reminder to both people's evening (issue 12).
        var upcoming = rituals.withPartner(userId, prefs, ReminderPlanner.upcoming(prefs, states, now, config.planDays(), taken,
                locales.localeOf(userId)), now);
        for (var planned : upcoming) {
            schedule.addPlanned(reminderId(userId, planned.practice(), planned.localDate()), userId, prefs.zone().getId(), planned);
        }
        // Roll the schedule forward again at the person's next local midnight.
        preferences.replanAt(userId, today.plusDays(1).atStartOfDay(prefs.zone()).toInstant());
    }

    /** Rolls the schedule forward for people whose local day has turned; returns how many were re-planned. */
    @Transactional
    public int replanDue(Instant now) {
        List<String> people = preferences.lockDueForReplan(now, config.batchSize());
        for (String userId : people) {
            preferences.find(userId).ifPresent(stored -> replanLocked(userId, stored.preferences(), now));
        }
        return people.size();
    }

    static UUID reminderId(String userId, Practice practice, LocalDate day) {
        return UUID.nameUUIDFromBytes((userId + "|" + practice.name() + "|" + day).getBytes(StandardCharsets.UTF_8));
    }

    private ReminderPlanner.PracticeState state(String userId, Practice practice, LocalDate today) {
        List<LocalTime> recent = history.recentTimes(userId, practice, config.recentSamples());
        return new ReminderPlanner.PracticeState(recent, history.daysDoneSince(userId, practice, today.minusDays(1)),
                responses.unansweredInARow(userId, practice));
    }
}
