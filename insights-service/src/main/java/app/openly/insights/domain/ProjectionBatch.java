package app.openly.insights.domain;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryFacts;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.insights.config.InsightsConfig;
import app.openly.insights.domain.ProjectionBatchStore.Key;
import app.openly.insights.domain.ProjectionBatchStore.Projection;
import app.openly.insights.domain.ProjectionBatchStore.StreakKey;
import app.openly.insights.domain.logic.IsoWeeks;
import app.openly.insights.domain.logic.StreakCalculator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Entry events (recorded, revised, deleted) applied to the projection and every precomputed aggregate, a run of
 * them at once (issue 17): the rows they touch are read in one statement per table, the events applied in order to
 * those rows in memory, exactly as the one-by-one statements would change them (counts clamped at zero, a row that
 * a take-back empties removed), and each table written once with the end states. A person's streaks are recomputed
 * once, from their days at the end, each streak in the zone its last recomputation one by one would have used.
 * A single event is a run of one: both consumer paths share this code.
 * <p>
 * Over 200 lines on purpose: the in-memory replay of the one-by-one statements is one piece, and splitting it
 * would separate the rules of each table from the order they are applied in.
 */
@ApplicationScoped
public class ProjectionBatch {

    private static final ObjectReader METRICS = EventJson.reader().forType(PracticeMetrics.class);

    @Inject
    ProjectionBatchStore store;
    @Inject
    Clock clock;
    @Inject
    InsightsConfig config;

    /** One change of an aggregate, in event order. */
    private record Change(String userId, LocalDate day, Practice practice, PracticeMetrics metrics, List<String> themes, int sign) {
    }

    /** Applies the entry events in their order (other event types are not given here). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(List<EventEnvelope> events) {
        Set<UUID> entryIds = new HashSet<>();
        Set<String> people = new LinkedHashSet<>();
        for (EventEnvelope event : events) {
            entryIds.add(entryId(event));
            people.add(event.userId());
        }
        Map<UUID, Projection> projections = store.projections(entryIds);
        Map<String, String> zones = new HashMap<>(store.zones(people));
        Map<UUID, Projection> written = new LinkedHashMap<>();
        Map<String, ProjectionBatchStore.Person> touched = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>();
        Map<StreakKey, String> streakZones = new LinkedHashMap<>();
        for (EventEnvelope event : events) {
            Set<String> recompute = event.payload() instanceof EntryDeleted deleted
                    ? deleted(event, deleted, projections, written, changes)
                    : written(event, facts(event), projections, written, changes, zones, touched);
            if (recompute.isEmpty()) {
                continue;
            }
            recompute.add(StreakStore.ALL);
            String zone = zones.getOrDefault(event.userId(), "UTC");
            recompute.forEach(key -> streakZones.put(new StreakKey(event.userId(), key), zone));
        }
        store.saveProjections(written.values());
        store.touchPeople(touched);
        // Every daily_practice row of the batch's people, read once: the aggregates' counts before the changes, and,
        // with the changes replayed into it, the practised days the streaks are recomputed from (one statement instead of
        // a read of the changed days before and of all days after the write).
        Map<Key, Integer> daily = changes.isEmpty() && streakZones.isEmpty() ? Map.of() : new HashMap<>(store.dailyRows(people));
        aggregates(changes, people, daily);
        streaks(streakZones, daily);
    }

    /** An entry recorded or revised (as the handler's entryWritten was): the practices whose streaks to recompute. */
    private Set<String> written(EventEnvelope event, EntryFacts facts, Map<UUID, Projection> projections, Map<UUID, Projection> written,
                                List<Change> changes, Map<String, String> zones, Map<String, ProjectionBatchStore.Person> touched) {
        Projection p = projections.get(facts.entryId());
        if (p != null && (p.version >= facts.version() || !p.userId.equals(event.userId()))) {
            return Set.of(); // stale (or foreign) event: a newer state is already applied
        }
        Set<String> recompute = new HashSet<>();
        if (p != null && !p.deleted) {
            takeBack(p, changes);
            recompute.add(p.practice.name());
        }
        if (p == null) {
            p = new Projection(facts.entryId(), event.userId());
            projections.put(p.entryId, p);
        }
        p.orgId = event.orgId();
        p.version = facts.version();
        p.deleted = false;
        p.practice = facts.practice();
        p.localDate = facts.localDate();
        p.timeZone = facts.timeZone();
        p.metrics = json(facts.metrics());
        p.themes = facts.themes();
        p.updatedAt = clock.instant();
        written.put(p.entryId, p);
        touched.put(event.userId(), new ProjectionBatchStore.Person(event.orgId(), facts.timeZone(), clock.instant()));
        zones.put(event.userId(), facts.timeZone());
        changes.add(new Change(p.userId, p.localDate, p.practice, facts.metrics(), facts.themes(), +1));
        recompute.add(p.practice.name());
        return recompute;
    }

    /** An entry deleted (as the handler's entryDeleted was): the practices whose streaks to recompute. */
    private Set<String> deleted(EventEnvelope event, EntryDeleted deleted, Map<UUID, Projection> projections, Map<UUID, Projection> written,
                                List<Change> changes) {
        Projection p = projections.get(deleted.entryId());
        if (p == null) {
            // Deleted before we saw it: keep a tombstone so a late EntryRecorded is ignored.
            p = new Projection(deleted.entryId(), event.userId());
            p.version = deleted.version();
            p.deleted = true;
            p.practice = deleted.practice();
            p.localDate = deleted.localDate();
            p.timeZone = deleted.timeZone();
            p.updatedAt = clock.instant();
            projections.put(p.entryId, p);
            written.put(p.entryId, p);
            return Set.of();
        }
        if (!p.userId.equals(event.userId()) || p.version >= deleted.version() || p.deleted) {
            return Set.of();
        }
        takeBack(p, changes);
        p.deleted = true;
        p.version = deleted.version();
        p.updatedAt = clock.instant();
        written.put(p.entryId, p);
        Set<String> recompute = new HashSet<>();
        recompute.add(p.practice.name());
        return recompute;
    }

    private static void takeBack(Projection p, List<Change> changes) {
        changes.add(new Change(p.userId, p.localDate, p.practice, metrics(p.metrics), p.themes, -1));
    }

    /**
     * daily_practice, weekly_practice and weekly_theme: the rows read once, the changes replayed, the ends written once;
     * {@code daily} (the people's daily rows) is left holding the end state.
     */
    private void aggregates(List<Change> changes, Set<String> people, Map<Key, Integer> daily) {
        if (changes.isEmpty()) {
            return;
        }
        Set<LocalDate> weeks = new HashSet<>();
        changes.forEach(c -> weeks.add(IsoWeeks.monday(c.day())));
        Map<Key, int[]> weekly = new HashMap<>(store.weeklySums(people, weeks));
        Map<Key, Integer> themes = new HashMap<>(store.themeCounts(people, weeks));
        Map<Key, Integer> dailyEnds = new LinkedHashMap<>();
        Map<Key, int[]> weeklyEnds = new LinkedHashMap<>();
        Map<Key, Integer> themeEnds = new LinkedHashMap<>();
        for (Change c : changes) {
            // DailyPracticeStore.add: greatest(count + delta, 0), and no row at zero.
            Key day = new Key(c.userId(), c.day(), c.practice().name());
            int count = Math.max(daily.getOrDefault(day, 0) + c.sign(), 0);
            put(daily, dailyEnds, day, count == 0 ? null : count);
            // InsightsStore.contribute: sums; a take-back that leaves the week's row at zero removes it.
            LocalDate week = IsoWeeks.monday(c.day());
            Key practiceWeek = new Key(c.userId(), week, c.practice().name());
            int[] sums = weekly.get(practiceWeek);
            int[] delta = weeklyDelta(c.metrics(), c.sign());
            int[] next = sums == null ? delta : add(sums, delta);
            boolean empty = next[0] == 0 && next[2] == 0 && next[5] == 0 && next[8] == 0 && next[9] == 0;
            put(weekly, weeklyEnds, practiceWeek, c.sign() < 0 && empty ? null : next);
            for (String theme : c.themes()) {
                Key themeWeek = new Key(c.userId(), week, theme);
                Integer entries = themes.get(themeWeek);
                int n = (entries == null ? 0 : entries) + c.sign();
                put(themes, themeEnds, themeWeek, c.sign() < 0 && n == 0 ? null : n);
            }
        }
        store.saveDaily(dailyEnds);
        store.saveWeekly(weeklyEnds);
        store.saveThemes(themeEnds);
    }

    private static <V> void put(Map<Key, V> now, Map<Key, V> ends, Key key, V value) {
        if (value == null) {
            now.remove(key);
        } else {
            now.put(key, value);
        }
        ends.put(key, value);
    }

    private static int[] weeklyDelta(PracticeMetrics m, int sign) {
        boolean courage = m.courage() != null;
        boolean intensity = m.intensityBefore() != null && m.intensityAfter() != null;
        boolean calm = m.calmBefore() != null && m.calmAfter() != null;
        return new int[] {sign,
                courage ? sign * m.courage() : 0, courage ? sign : 0,
                intensity ? sign * m.intensityBefore() : 0, intensity ? sign * m.intensityAfter() : 0, intensity ? sign : 0,
                calm ? sign * m.calmBefore() : 0, calm ? sign * m.calmAfter() : 0, calm ? sign : 0,
                m.minutes() == null ? 0 : sign * m.minutes()};
    }

    private static int[] add(int[] a, int[] b) {
        int[] sum = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    /** StreakStore.recompute of every (person, practice or ALL) the events touched, from the days at the end. */
    private void streaks(Map<StreakKey, String> streakZones, Map<Key, Integer> daily) {
        if (streakZones.isEmpty()) {
            return;
        }
        Set<String> people = new LinkedHashSet<>();
        streakZones.keySet().forEach(k -> people.add(k.userId()));
        // The days with entries of each practice (StreakStore reads the same per practice): the rows at the end.
        Map<String, Map<String, Set<LocalDate>>> practised = new HashMap<>();
        daily.forEach((key, count) -> {
            if (count > 0 && people.contains(key.userId())) {
                practised.computeIfAbsent(key.userId(), u -> new HashMap<>()).computeIfAbsent(key.name(), n -> new HashSet<>()).add(key.day());
            }
        });
        Map<String, Set<LocalDate>> paused = store.pausedDays(people);
        StreakCalculator calculator = new StreakCalculator(config.forgivenMissesPerWeek());
        Map<StreakKey, StreakCalculator.State> ends = new LinkedHashMap<>();
        streakZones.forEach((key, zone) -> {
            Map<String, Set<LocalDate>> byPractice = practised.getOrDefault(key.userId(), Map.of());
            TreeSet<LocalDate> days = new TreeSet<>();
            if (key.practice().equals(StreakStore.ALL)) {
                byPractice.values().forEach(days::addAll);
            } else {
                days.addAll(byPractice.getOrDefault(key.practice(), Set.of()));
            }
            LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(zone)));
            // No days, no streak: not a row of zeros (issue 18).
            ends.put(key, days.isEmpty() ? null : calculator.compute(days, paused.getOrDefault(key.userId(), Set.of()), today));
        });
        store.saveStreaks(ends);
    }

    private static UUID entryId(EventEnvelope event) {
        return event.payload() instanceof EntryDeleted deleted ? deleted.entryId() : facts(event).entryId();
    }

    private static EntryFacts facts(EventEnvelope event) {
        return event.payload() instanceof EntryRecorded recorded ? recorded.entry() : ((EntryRevised) event.payload()).entry();
    }

    private static PracticeMetrics metrics(String json) {
        try {
            return METRICS.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metrics cannot be read", e);
        }
    }

    private static String json(PracticeMetrics metrics) {
        try {
            return EventJson.writer().writeValueAsString(metrics);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
