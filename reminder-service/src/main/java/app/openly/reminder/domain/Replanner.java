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
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
        replanAllLocked(Map.of(userId, prefs), now);
    }

    /**
     * {@link #replanLocked} for several people at once, their preferences rows locked by the caller, in a fixed number
     * of statements for all of them (a batch of entry events re-plans its people together, issue 17). The people
     * must not be ritual partners of each other: a partner's re-plan moves the other's ritual reminder, so their order
     * would matter (the batch consumer re-plans partners one by one).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replanAllLocked(Map<String, Preferences> people, Instant now) {
        if (people.isEmpty()) {
            return;
        }
        Map<String, LocalDate> todays = new HashMap<>();
        people.forEach((userId, prefs) -> todays.put(userId, now.atZone(prefs.zone()).toLocalDate()));
        LocalDate earliest = Collections.min(todays.values());
        Set<String> who = people.keySet();
        var recent = history.recentTimesOf(who, config.recentSamples());
        var done = history.daysDoneOf(who, earliest.minusDays(1));
        var unanswered = responses.unansweredOf(who);
        schedule.dropPlanned(who);
        // A snoozed reminder keeps its time, unless the person has since paused, dropped that day or that practice.
        List<UUID> dropped = new ArrayList<>();
        schedule.snoozedOf(who).forEach((userId, snoozed) -> snoozed.stream()
                .filter(s -> !people.get(userId).remindsOf(s.practice(), s.localDate())).forEach(s -> dropped.add(s.id())));
        schedule.deleteAll(dropped);
        var takenFrom = schedule.takenFromOf(who, earliest);
        var languages = locales.localesOf(who);
        List<ScheduleStore.NewReminder> reminders = new ArrayList<>();
        Map<String, Instant> replanAt = new LinkedHashMap<>();
        for (var person : new TreeMap<>(people).entrySet()) {
            String userId = person.getKey();
            Preferences prefs = person.getValue();
            LocalDate today = todays.get(userId);
            Map<Practice, ReminderPlanner.PracticeState> states = new EnumMap<>(Practice.class);
            for (Practice practice : prefs.windows().keySet()) {
                Set<LocalDate> days = new HashSet<>(done.getOrDefault(userId, Map.of()).getOrDefault(practice, Set.of()));
                days.removeIf(d -> d.isBefore(today.minusDays(1)));
                states.put(practice, new ReminderPlanner.PracticeState(recent.getOrDefault(userId, Map.of()).getOrDefault(practice, List.of()),
                        days, unanswered.getOrDefault(userId, Map.of()).getOrDefault(practice, 0)));
            }
            Map<LocalDate, Set<Practice>> taken = new HashMap<>(takenFrom.getOrDefault(userId, Map.of()));
            taken.keySet().removeIf(d -> d.isBefore(today));
            // A ritual partner moves the ritual reminder to both people's evening (issue 12).
            var upcoming = rituals.withPartner(userId, prefs, ReminderPlanner.upcoming(prefs, states, now, config.planDays(), taken,
                    languages.get(userId)), now);
            for (var planned : upcoming) {
                reminders.add(new ScheduleStore.NewReminder(reminderId(userId, planned.practice(), planned.localDate()), userId,
                        prefs.zone().getId(), planned));
            }
            // Roll the schedule forward again at the person's next local midnight.
            replanAt.put(userId, today.plusDays(1).atStartOfDay(prefs.zone()).toInstant());
        }
        schedule.addAllPlanned(reminders);
        preferences.replanAtAll(replanAt);
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
}
