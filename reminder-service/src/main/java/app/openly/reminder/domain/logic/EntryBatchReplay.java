package app.openly.reminder.domain.logic;

import app.openly.events.EntryFacts;
import app.openly.events.Practice;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A run of entry events (recorded, revised, deleted) applied in order, in memory, to the rows they read and change, as
 * {@code ReminderService.entryRecorded/entryDeleted} change them one statement at a time (issue 17): the caller reads
 * the rows once, replays, and writes each table once. The end state is the one-by-one end state, statement by
 * statement: a version not newer than the applied one is stale (any person's row of the entry id counts, as the
 * one-by-one lookup by entry id does), a delete of an unseen entry leaves a tombstone, recording an unchosen practice
 * chooses it unless declined, the zone follows the newest entry unless fixed, activity counts every delivery.
 * <p>
 * Over 200 lines on purpose: each step's rule sits next to the order it is applied in; split, the two would drift.
 */
public final class EntryBatchReplay {

    /** A {@code practice_history} row. */
    public record HistoryRow(UUID entryId, String userId, Practice practice, long version, boolean deleted, Instant occurredAt,
                             String timeZone, LocalDate localDate, LocalTime localTime) {
    }

    /** A person's preferences as the entry events read and change them. */
    public record Prefs(Preferences preferences, boolean zoneFromEntries, Set<Practice> declined) {
    }

    /** One entry event of the run. */
    public sealed interface Event permits Written, Deleted {
        String userId();
    }

    /** EntryRecorded or EntryRevised. */
    public record Written(String userId, EntryFacts entry) implements Event {
    }

    public record Deleted(String userId, UUID entryId, long version) implements Event {
    }

    /** Sent reminders of a practice due in [from, to] helped. */
    public record Helpful(String userId, Practice practice, Instant from, Instant to) {
    }

    /** The practice was done that local day: its waiting reminder goes. */
    public record DayDone(String userId, Practice practice, LocalDate localDate) {
    }

    public record PersonPractice(String userId, Practice practice) {
    }

    /**
     * The run's deliveries of one practice of one person: how many, and the one an upsert per delivery would keep
     * as the last (the latest occurrence; of equal ones, the later delivered).
     */
    public record Activity(String userId, Practice practice, int seen, String timeZone, LocalDate localDate, LocalTime localTime,
                           Instant occurredAt) {
    }

    /** What the run leaves to write, and whom to re-plan with which preferences (their end state). */
    public record Result(List<HistoryRow> history, Map<String, Prefs> changedPrefs, Set<String> chose, List<Helpful> helpful,
                         List<DayDone> daysDone, Set<PersonPractice> responsesReset, List<Activity> activity,
                         Map<String, Preferences> replan) {
    }

    /**
     * The preferences of the people whose rows the caller created for this run (their first written event creates them
     * one by one): zone of the person's first written event, no practice chosen, zone following entries.
     */
    public static Map<String, ZoneId> zonesOfNewPeople(List<? extends Event> events, Set<String> withPreferences) {
        Map<String, ZoneId> zones = new LinkedHashMap<>();
        for (Event event : events) {
            if (event instanceof Written w && !withPreferences.contains(w.userId())) {
                zones.putIfAbsent(w.userId(), ZoneId.of(w.entry().timeZone()));
            }
        }
        return zones;
    }

    /** A new person's preferences: {@link Preferences#noneChosen}, the zone following their entries. */
    public static Prefs newPerson(ZoneId zone) {
        return new Prefs(Preferences.noneChosen(zone), true, Set.of());
    }

    /**
     * The people whose zone may move in this run (the only ones {@code latestUntouched} is needed for): zone
     * following entries and an event in another zone than the one they start the run in.
     */
    public static Set<String> mayTravel(List<? extends Event> events, Map<String, Prefs> prefs) {
        Set<String> people = new LinkedHashSet<>();
        for (Event event : events) {
            Prefs p = prefs.get(event.userId());
            if (event instanceof Written w && p != null && p.zoneFromEntries() && !p.preferences().zone().getId().equals(w.entry().timeZone())) {
                people.add(w.userId());
            }
        }
        return people;
    }

    private final Map<String, Prefs> prefs;
    private final Set<String> createdInRun;
    private final Map<UUID, HistoryRow> history;
    private final Map<String, Instant> latestUntouched;
    private final Duration helpfulWithin;
    private final Instant now;

    private final Set<String> prefsExist = new HashSet<>();
    private final Map<UUID, HistoryRow> changedHistory = new LinkedHashMap<>();
    private final Map<String, Prefs> changedPrefs = new LinkedHashMap<>();
    private final Set<String> chose = new LinkedHashSet<>();
    private final List<Helpful> helpful = new ArrayList<>();
    private final List<DayDone> daysDone = new ArrayList<>();
    private final Set<PersonPractice> responsesReset = new LinkedHashSet<>();
    private final Map<PersonPractice, Activity> activity = new LinkedHashMap<>();
    private final Set<String> replan = new LinkedHashSet<>();

    /**
     * @param prefs           every person's preferences row at the start, locked, including those created for this run
     * @param createdInRun    the people whose row the caller created for this run: one by one it exists only from their
     *                        first written event on (a delete before it does not re-plan them)
     * @param history         the rows of every entry id of the run (of whichever person), as stored
     * @param latestUntouched per person who {@link #mayTravel}, the latest occurrence of their entries not in the run
     *                        and not deleted (absent: none)
     */
    public EntryBatchReplay(Map<String, Prefs> prefs, Set<String> createdInRun, Map<UUID, HistoryRow> history,
                            Map<String, Instant> latestUntouched, Duration helpfulWithin, Instant now) {
        this.prefs = new HashMap<>(prefs);
        this.createdInRun = createdInRun;
        this.history = new HashMap<>(history);
        this.latestUntouched = latestUntouched;
        this.helpfulWithin = helpfulWithin;
        this.now = now;
        prefs.keySet().stream().filter(p -> !createdInRun.contains(p)).forEach(prefsExist::add);
    }

    /** Applies the events in their order; call once. */
    public Result apply(List<? extends Event> events) {
        for (Event event : events) {
            if (event instanceof Written w) {
                written(w.userId(), w.entry());
            } else {
                Deleted d = (Deleted) event;
                deleted(d.userId(), d.entryId(), d.version());
            }
        }
        Map<String, Preferences> toReplan = new LinkedHashMap<>();
        replan.forEach(userId -> toReplan.put(userId, prefs.get(userId).preferences()));
        return new Result(List.copyOf(changedHistory.values()), changedPrefs, chose, helpful, daysDone, responsesReset,
                List.copyOf(activity.values()), toReplan);
    }

    private void written(String userId, EntryFacts entry) {
        prefsExist.add(userId); // lockOrCreate: the caller created the row, in the zone of this first written event
        learnActivity(userId, entry);
        HistoryRow applied = history.get(entry.entryId());
        if (applied != null && applied.version() >= entry.version()) {
            return; // an older (or the same) event never overrides a newer state
        }
        // The upsert keeps the row's person: a foreign event of a known entry id changes the owner's row.
        put(new HistoryRow(entry.entryId(), applied == null ? userId : applied.userId(), entry.practice(), entry.version(), false,
                entry.occurredAt(), entry.timeZone(), entry.localDate(), entry.localTime()));
        Prefs p = Objects.requireNonNull(prefs.get(userId), "preferences of a person with a written event");
        Preferences current = p.preferences();
        if (!current.windows().containsKey(entry.practice()) && !p.declined().contains(entry.practice())) {
            // Recording a practice chooses it, in its suggested window.
            Map<Practice, Preferences.Window> withPractice = new EnumMap<>(Practice.class);
            withPractice.putAll(current.windows());
            withPractice.put(entry.practice(), Preferences.suggestedWindows().get(entry.practice()));
            p = new Prefs(current.withWindows(withPractice), p.zoneFromEntries(), p.declined());
            chose.add(userId);
            setPrefs(userId, p);
        }
        // Travel: the zone of the person's newest entry moves the schedule, unless they fixed a zone.
        if (p.zoneFromEntries() && !p.preferences().zone().getId().equals(entry.timeZone()) && !laterEntryOf(userId, entry.occurredAt())) {
            Preferences q = p.preferences();
            setPrefs(userId, new Prefs(new Preferences(ZoneId.of(entry.timeZone()), q.windows(), q.days(), q.quietStart(), q.quietEnd(),
                    q.dailyCap(), q.pausedUntil()), true, p.declined()));
        }
        helpful.add(new Helpful(userId, entry.practice(), entry.occurredAt().minus(helpfulWithin), entry.occurredAt()));
        daysDone.add(new DayDone(userId, entry.practice(), entry.localDate()));
        responsesReset.add(new PersonPractice(userId, entry.practice()));
        replan.add(userId);
    }

    private void deleted(String userId, UUID entryId, long version) {
        HistoryRow row = history.get(entryId);
        if (row == null) {
            // Deleted before we saw it recorded: a tombstone keeps the late EntryRecorded out.
            put(new HistoryRow(entryId, userId, Practice.BODY_ANCHOR, version, true, now, "UTC", LocalDate.ofInstant(now, ZoneOffset.UTC),
                    LocalTime.MIDNIGHT));
        } else if (row.userId().equals(userId) && row.version() < version) {
            put(new HistoryRow(entryId, row.userId(), row.practice(), version, true, row.occurredAt(), row.timeZone(), row.localDate(),
                    row.localTime()));
        } // else: a newer state, or another person's entry: nothing changes
        if (prefsExist.contains(userId)) {
            replan.add(userId);
        }
    }

    /** Whether a not deleted entry of the person occurred after {@code at} (the rows of the run as they are now). */
    private boolean laterEntryOf(String userId, Instant at) {
        Instant untouched = latestUntouched.get(userId);
        if (untouched != null && untouched.isAfter(at)) {
            return true;
        }
        for (HistoryRow row : history.values()) {
            if (row.userId().equals(userId) && !row.deleted() && row.occurredAt().isAfter(at)) {
                return true;
            }
        }
        return false;
    }

    /** Every delivery counts; the last one stays unless one that occurred later was seen (ties: the later delivery). */
    private void learnActivity(String userId, EntryFacts entry) {
        activity.merge(new PersonPractice(userId, entry.practice()),
                new Activity(userId, entry.practice(), 1, entry.timeZone(), entry.localDate(), entry.localTime(), entry.occurredAt()),
                (was, seen) -> was.occurredAt().isAfter(seen.occurredAt())
                        ? new Activity(userId, entry.practice(), was.seen() + 1, was.timeZone(), was.localDate(), was.localTime(), was.occurredAt())
                        : new Activity(userId, entry.practice(), was.seen() + 1, seen.timeZone(), seen.localDate(), seen.localTime(),
                        seen.occurredAt()));
    }

    private void put(HistoryRow row) {
        history.put(row.entryId(), row);
        changedHistory.put(row.entryId(), row);
    }

    private void setPrefs(String userId, Prefs p) {
        prefs.put(userId, p);
        changedPrefs.put(userId, p);
    }
}
