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
import java.util.EnumSet;
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
        // Only the practices that remind are planned, so only theirs are read.
        Map<String, Set<Practice>> reminding = new HashMap<>();
        people.forEach((userId, prefs) -> reminding.put(userId, prefs.windows().keySet()));
        var recent = history.recentTimesOf(reminding, config.recentSamples());
        var done = history.daysDoneOf(reminding, earliest.minusDays(1));
        var unanswered = responses.unansweredOf(who);
        // The last plan's waiting rows are replaced by this one; a snoozed reminder keeps its time, unless the person has
        // since paused, dropped that day or that practice; every other row takes its practice's place on its day.
        Map<UUID, ScheduleStore.Row> lastPlan = new HashMap<>();
        List<UUID> deleted = new ArrayList<>();
        Map<String, Map<LocalDate, Set<Practice>>> takenFrom = new HashMap<>();
        schedule.replanRowsOf(who, earliest).forEach((userId, rows) -> rows.forEach(row -> {
            if (row.pending() && !row.snoozed()) {
                lastPlan.put(row.id(), row);
            } else if (row.pending() && !people.get(userId).remindsOf(row.practice(), row.localDate())) {
                deleted.add(row.id());
            } else if (!row.localDate().isBefore(earliest)) {
                takenFrom.computeIfAbsent(userId, u -> new HashMap<>())
                        .computeIfAbsent(row.localDate(), d -> EnumSet.noneOf(Practice.class)).add(row.practice());
            }
        }));
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
        // Only what changed is written (issue 17): a re-plan mostly yields the rows it finds, and deleting and inserting
        // them again cost PostgreSQL most of a batch's writes. Rows go in as "insert ... on conflict do nothing" in plan
        // order would put them after deleting the whole last plan: the first reminder of a practice and day wins.
        Set<String> claimed = new HashSet<>();
        Set<UUID> unchanged = new HashSet<>();
        List<ScheduleStore.NewReminder> inserted = new ArrayList<>();
        for (ScheduleStore.NewReminder r : reminders) {
            if (!claimed.add(r.userId() + "|" + r.planned().practice() + "|" + r.planned().localDate()) || !claimed.add(r.id().toString())) {
                continue; // the insert would have done nothing
            }
            ScheduleStore.Row last = lastPlan.get(r.id());
            if (last != null && last.same(r)) {
                unchanged.add(r.id());
            } else {
                inserted.add(r);
            }
        }
        lastPlan.keySet().stream().filter(id -> !unchanged.contains(id)).forEach(deleted::add);
        schedule.deleteAll(deleted);
        schedule.addAllPlanned(inserted);
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
