package app.openly.reminder.domain;

import app.openly.reminder.config.ReminderConfig;
import app.openly.reminder.domain.logic.EntryBatchReplay;
import app.openly.reminder.domain.logic.EntryBatchReplay.Event;
import app.openly.reminder.domain.logic.EntryBatchReplay.Prefs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A run of entry events of people without a ritual partner, applied at once (issue 17): what {@link ReminderService}
 * does per event in about eight statements, here in one statement per table for the whole run, the events replayed in
 * memory in order ({@link EntryBatchReplay}), then each person touched re-planned once, all together. The one-by-one
 * path stays {@link ReminderService}; {@code BatchEquivalenceTest} holds the two to the same rows.
 */
@ApplicationScoped
public class EntryBatch {

    @Inject
    PreferencesStore preferences;
    @Inject
    EntryBatchStore store;
    @Inject
    Replanner replanner;
    @Inject
    ReminderConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(List<Event> events, Instant now) {
        if (events.isEmpty()) {
            return;
        }
        Set<String> people = new LinkedHashSet<>();
        Set<UUID> entryIds = new LinkedHashSet<>();
        for (Event event : events) {
            people.add(event.userId());
            entryIds.add(event instanceof EntryBatchReplay.Written w ? w.entry().entryId() : ((EntryBatchReplay.Deleted) event).entryId());
        }
        // Locked in person order, in every batch: two batches cannot deadlock on them.
        Map<String, PreferencesStore.Stored> stored = new HashMap<>(preferences.lockAllStored(people));
        Map<String, ZoneId> newPeople = EntryBatchReplay.zonesOfNewPeople(events, stored.keySet());
        Set<String> created = preferences.createAll(newPeople, now);
        Map<String, Prefs> prefs = new LinkedHashMap<>();
        stored.forEach((userId, s) -> prefs.put(userId, new Prefs(s.preferences(), s.zoneFromEntries(), s.declined())));
        created.forEach(userId -> prefs.put(userId, EntryBatchReplay.newPerson(newPeople.get(userId))));
        Set<String> createdElsewhere = new LinkedHashSet<>(newPeople.keySet());
        createdElsewhere.removeAll(created);
        // Created by another transaction between our read and our insert: as it is now (rare).
        preferences.lockAllStored(createdElsewhere).forEach((userId, s) ->
                prefs.put(userId, new Prefs(s.preferences(), s.zoneFromEntries(), s.declined())));

        Set<String> mayTravel = EntryBatchReplay.mayTravel(events, prefs);
        var replay = new EntryBatchReplay(prefs, created, store.history(entryIds), store.latestExcept(mayTravel, entryIds),
                config.helpfulWithin(), now);
        EntryBatchReplay.Result result = replay.apply(events);

        store.saveHistory(result.history());
        Map<String, PreferencesStore.Stored> changed = new LinkedHashMap<>();
        result.changedPrefs().forEach((userId, p) -> changed.put(userId, new PreferencesStore.Stored(p.preferences(), p.zoneFromEntries(),
                p.declined())));
        preferences.saveAll(changed, result.chose(), now);
        store.markHelpful(result.helpful());
        store.dropPending(result.daysDone());
        store.resetResponses(result.responsesReset());
        store.seen(result.activity(), now);
        // Last: the re-plan reads the history and schedule just written.
        replanner.replanAllLocked(result.replan(), now);
    }
}
