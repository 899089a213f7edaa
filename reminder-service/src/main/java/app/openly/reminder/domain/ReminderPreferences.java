package app.openly.reminder.domain;

import app.openly.events.Practice;
import app.openly.reminder.domain.logic.Preferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A person reads and changes their reminder preferences; every change re-plans their reminders at once.
 * A practice the person turns off (or leaves out of a whole PUT document) stays off, even when they record
 * it later, until they turn it on again.
 */
@ApplicationScoped
public class ReminderPreferences {

    @Inject
    PreferencesStore preferences;
    @Inject
    Replanner replanner;

    @Transactional
    public PreferencesStore.Stored preferencesOf(String userId) {
        return preferences.find(userId).orElseGet(ReminderPreferences::newPerson);
    }

    /** Whether any practice reminds the person: none does until they choose or record one. */
    @Transactional
    public boolean anyPracticeChosen(String userId) {
        return !preferencesOf(userId).preferences().windows().isEmpty();
    }

    /**
     * Replaces the person's preferences and re-plans their reminders with them at once. The document is
     * whole, so every practice left out of it is turned off (and stays off when recorded).
     */
    @Transactional
    public PreferencesStore.Stored updatePreferences(String userId, Preferences prefs, boolean zoneFromEntries, Instant now) {
        preferences.lockStored(userId);
        Set<Practice> declined = EnumSet.allOf(Practice.class);
        declined.removeAll(prefs.windows().keySet());
        return saveAndReplan(userId, new PreferencesStore.Stored(prefs, zoneFromEntries, declined), now);
    }

    /**
     * Changes part of the person's preferences: {@code change} sees the current ones under the person's row
     * lock, so two edits at once (phone and web) never lose one another; a refused change writes nothing.
     */
    @Transactional
    public PreferencesStore.Stored changePreferences(String userId, UnaryOperator<PreferencesStore.Stored> change, Instant now) {
        PreferencesStore.Stored current = preferences.lockStored(userId).orElseGet(ReminderPreferences::newPerson);
        PreferencesStore.Stored requested = change.apply(current);
        return saveAndReplan(userId, new PreferencesStore.Stored(requested.preferences(), requested.zoneFromEntries(),
                declinedAfter(current, requested.preferences())), now);
    }

    private PreferencesStore.Stored saveAndReplan(String userId, PreferencesStore.Stored changed, Instant now) {
        preferences.save(userId, changed, now);
        replanner.replanLocked(userId, preferences.lock(userId).orElseThrow(), now);
        return changed;
    }

    /**
     * A change (merge patch) touches only what it names: practices it turns off join those turned off
     * before, a practice it turns on is no longer declined, the others stay as they were.
     */
    static Set<Practice> declinedAfter(PreferencesStore.Stored before, Preferences after) {
        Set<Practice> declined = EnumSet.noneOf(Practice.class);
        declined.addAll(before.declined());
        before.preferences().windows().keySet().stream().filter(p -> !after.windows().containsKey(p)).forEach(declined::add);
        declined.removeAll(after.windows().keySet());
        return declined;
    }

    private static PreferencesStore.Stored newPerson() {
        return new PreferencesStore.Stored(Preferences.noneChosen(ZoneId.of("UTC")), true);
    }
}
