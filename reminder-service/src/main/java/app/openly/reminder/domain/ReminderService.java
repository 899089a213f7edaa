package app.openly.reminder.domain;

import app.openly.events.EntryFacts;
import app.openly.events.Practice;
import app.openly.reminder.config.ReminderConfig;
import app.openly.reminder.domain.logic.Preferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a person's entries teach their reminders: each entry event (called inside the consumer's
 * transaction) updates when they practise, and their schedule is re-planned by the {@link Replanner};
 * UserErased removes everything kept about them. Preferences, the due scan and answers to reminders are
 * {@link ReminderPreferences}, {@link DueReminders} and {@link ReminderResponses}.
 */
@ApplicationScoped
public class ReminderService {

    @Inject
    EntityManager em;
    @Inject
    PreferencesStore preferences;
    @Inject
    PracticeHistoryStore history;
    @Inject
    PracticeResponseStore responses;
    @Inject
    ScheduleStore schedule;
    @Inject
    Replanner replanner;
    @Inject
    ReminderConfig config;

    /** An entry was recorded or revised. Out-of-order safe: a version not newer than the stored one is ignored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void entryRecorded(String userId, EntryFacts entry, Instant now) {
        keepScheduleInStep(userId, entry, now).ifPresent(prefs -> replanner.replanLocked(userId, prefs, now));
        learnActivity(userId, entry, now);
    }

    /** @return the preferences to re-plan with, empty when the event is older than the applied state */
    private Optional<Preferences> keepScheduleInStep(String userId, EntryFacts entry, Instant now) {
        PreferencesStore.Stored stored = preferences.lockOrCreate(userId, ZoneId.of(entry.timeZone()), now);
        Optional<Long> applied = history.appliedVersion(entry.entryId());
        if (applied.isPresent() && applied.get() >= entry.version()) {
            return Optional.empty(); // an older (or the same) event never overrides a newer state
        }
        history.recorded(userId, entry);
        boolean chosen = chooseByRecording(userId, stored, entry.practice(), now);
        // Travel: the zone of the person's newest entry moves the schedule, unless they fixed a zone.
        boolean moved = preferences.followZoneOfNewestEntry(userId, entry.timeZone(), entry.occurredAt());
        Preferences prefs = chosen || moved ? preferences.lock(userId).orElseThrow() : stored.preferences();
        // A reminder shortly before the entry was helpful; a snoozed one for that day is no longer needed.
        schedule.markHelpful(userId, entry.practice(), entry.occurredAt().minus(config.helpfulWithin()), entry.occurredAt());
        schedule.dropPending(userId, entry.practice(), entry.localDate());
        // The person returned to the practice: any back-off ends.
        responses.reset(userId, entry.practice());
        return Optional.of(prefs);
    }

    /**
     * Recording a practice chooses it: it reminds from now on, in its suggested window, unless the person
     * turned its reminders off. Never the other way round: no practice reminds before the person chose
     * or recorded it. True when the preferences changed.
     */
    private boolean chooseByRecording(String userId, PreferencesStore.Stored stored, Practice practice, Instant now) {
        Map<Practice, Preferences.Window> windows = stored.preferences().windows();
        if (windows.containsKey(practice) || stored.declined().contains(practice)) {
            return false;
        }
        Map<Practice, Preferences.Window> withPractice = new EnumMap<>(Practice.class);
        withPractice.putAll(windows);
        withPractice.put(practice, Preferences.suggestedWindows().get(practice));
        preferences.save(userId, new PreferencesStore.Stored(stored.preferences().withWindows(withPractice), stored.zoneFromEntries(),
                stored.declined()), now);
        return true;
    }

    /** An entry was deleted: if it was today's, the practice's reminder comes back. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void entryDeleted(String userId, UUID entryId, long version, Instant now) {
        Optional<Preferences> prefs = preferences.lock(userId);
        markDeleted(userId, entryId, version, now);
        prefs.ifPresent(p -> replanner.replanLocked(userId, p, now));
    }

    private void markDeleted(String userId, UUID entryId, long version, Instant now) {
        if (!history.markDeleted(userId, entryId, version)) {
            // Deleted before we saw it recorded: a tombstone keeps the late EntryRecorded out.
            history.tombstone(userId, entryId, version, now);
        }
    }

    /** The platform's catalogue of personal-data tables, shared by erasure and export. */
    @Inject
    app.openly.platform.privacy.PersonalData personalData;

    /** UserErased: nothing of the person stays — every table of the catalogue, the same the export reads. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(String userId) {
        personalData.erase(userId);
    }

    /**
     * When the person last recorded the practice, as {@code GET /reminders/activity} shows it. Every
     * delivery of a recorded or revised entry counts as seen; an older entry never replaces the latest.
     */
    private void learnActivity(String userId, EntryFacts entry, Instant now) {
        PracticeActivity.seen(userId, entry, now);
    }
}
