package app.openly.reminder.domain;

import app.openly.reminder.domain.logic.Preferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneId;
import java.util.function.UnaryOperator;

/** A person reads and changes their reminder preferences; every change re-plans their reminders at once. */
@ApplicationScoped
public class ReminderPreferences {

    @Inject
    PreferencesStore preferences;
    @Inject
    Replanner replanner;

    @Transactional
    public PreferencesStore.Stored preferencesOf(String userId) {
        return preferences.find(userId).orElseGet(() -> new PreferencesStore.Stored(Preferences.defaults(ZoneId.of("UTC")), true));
    }

    /** Replaces the person's preferences and re-plans their reminders with them at once. */
    @Transactional
    public PreferencesStore.Stored updatePreferences(String userId, Preferences prefs, boolean zoneFromEntries, Instant now) {
        preferences.save(userId, prefs, zoneFromEntries, now);
        replanner.replanLocked(userId, preferences.lock(userId).orElseThrow(), now);
        return new PreferencesStore.Stored(prefs, zoneFromEntries);
    }

    /**
     * Changes part of the person's preferences: {@code change} sees the current ones under the person's row
     * lock, so two edits at once (phone and web) never lose one another; a refused change writes nothing.
     */
    @Transactional
    public PreferencesStore.Stored changePreferences(String userId, UnaryOperator<PreferencesStore.Stored> change, Instant now) {
        PreferencesStore.Stored current = preferences.lockStored(userId)
                .orElseGet(() -> new PreferencesStore.Stored(Preferences.defaults(ZoneId.of("UTC")), true));
        PreferencesStore.Stored changed = change.apply(current);
        preferences.save(userId, changed.preferences(), changed.zoneFromEntries(), now);
        replanner.replanLocked(userId, preferences.lock(userId).orElseThrow(), now);
        return changed;
    }
}
