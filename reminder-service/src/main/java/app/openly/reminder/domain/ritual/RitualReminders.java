package app.openly.reminder.domain.ritual;

import app.openly.events.Practice;
import app.openly.reminder.config.ReminderConfig;
import app.openly.reminder.domain.PracticeHistoryStore;
import app.openly.reminder.domain.PreferencesStore;
import app.openly.reminder.domain.logic.Messages;
import app.openly.reminder.domain.logic.Preferences;
import app.openly.reminder.domain.logic.ReminderPlanner.Planned;
import app.openly.reminder.domain.logic.ReminderPlanner.ReasonCode;
import app.openly.reminder.domain.logic.SharedEvening;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a ritual partnership changes in a person's planned reminders: the ritual reminder moves to the moment
 * both partners are in their evening (or keeps the person's own time and says why), and the reminder of a night
 * the partner has shared and the person has not says so, gently. Called by the re-planner for every plan.
 */
@ApplicationScoped
public class RitualReminders {

    /** A ritual night's day starts at 04:00, as in journal-service: a reminder at 00:30 belongs to the evening before. */
    static final LocalTime NIGHT_STARTS = LocalTime.of(4, 0);

    @Inject
    RitualStore store;
    @Inject
    PreferencesStore preferences;
    @Inject
    PracticeHistoryStore history;
    @Inject
    ReminderConfig config;
    @Inject
    app.openly.reminder.domain.language.PersonLocales locales;

    /** The person's planned reminders with the partnership taken into account (unchanged without one). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Planned> withPartner(String userId, Preferences prefs, List<Planned> planned, Instant now) {
        if (planned.stream().noneMatch(p -> p.practice() == Practice.RITUAL_OF_OPENNESS)) {
            return planned;
        }
        Optional<RitualStore.Partnership> partnership = store.partnershipOf(userId);
        if (partnership.isEmpty()) {
            return planned;
        }
        String partnerId = partnership.get().partnerId();
        Optional<Preferences> partnerPrefs = preferences.find(partnerId).map(PreferencesStore.Stored::preferences);
        var mine = new SharedEvening.Side(prefs, recentRituals(userId));
        Optional<SharedEvening.Side> theirs = partnerPrefs.map(p -> new SharedEvening.Side(p, recentRituals(partnerId)));
        LocalDate today = now.atZone(prefs.zone()).toLocalDate();
        Set<LocalDate> sharedAlone = store.partnerSharedAlone(userId, partnership.get().pairId(), today.minusDays(1));
        // Each person reads their reason in their own language: the partner's moved reminder in theirs.
        Locale language = locales.localeOf(userId);
        return planned.stream().map(p -> p.practice() != Practice.RITUAL_OF_OPENNESS ? p
                : mention(aligned(p, mine, theirs, partnerId, now, language), sharedAlone, language)).toList();
    }

    private Planned aligned(Planned own, SharedEvening.Side mine, Optional<SharedEvening.Side> theirs, String partnerId, Instant now,
                            Locale language) {
        if (theirs.isEmpty()) {
            return own;
        }
        Locale theirLanguage = locales.localeOf(partnerId);
        SharedEvening.Outcome outcome = SharedEvening.of(mine, theirs.get(), own.localDate());
        if (outcome instanceof SharedEvening.Together together && together.at().isAfter(now)) {
            LocalTime local = together.at().atZone(mine.prefs().zone()).toLocalTime();
            LocalTime theirLocal = together.at().atZone(theirs.get().prefs().zone()).toLocalTime();
            store.movePartnerReminder(partnerId, own.localDate(), together.at(), theirLocal, Messages.sharedEvening(theirLocal, theirLanguage),
                    List.of(ReasonCode.SHARED_EVENING));
            return new Planned(own.practice(), own.localDate(), local, together.at(), Messages.sharedEvening(local, language), own.message(),
                    List.of(ReasonCode.SHARED_EVENING));
        }
        if (outcome instanceof SharedEvening.NoOverlap) {
            // The partner's waiting reminder may still be at a shared moment of before: back to their own time.
            SharedEvening.alone(theirs.get(), own.localDate(), theirLanguage).filter(alone -> alone.at().isAfter(now)).ifPresent(alone -> {
                Planned back = alone.plusReason(Messages.noSharedEvening(theirLanguage), ReasonCode.NO_SHARED_EVENING);
                store.movePartnerReminder(partnerId, own.localDate(), back.at(), back.localTime(), back.reason(), back.reasonCodes());
            });
            return own.plusReason(Messages.noSharedEvening(language), ReasonCode.NO_SHARED_EVENING);
        }
        return own;
    }

    /** The reminder of a night the partner shared alone says so; said once, since a night has one ritual reminder. */
    private static Planned mention(Planned p, Set<LocalDate> sharedAlone, Locale language) {
        LocalDate night = p.localTime().isBefore(NIGHT_STARTS) ? p.localDate().minusDays(1) : p.localDate();
        return sharedAlone.contains(night)
                ? new Planned(p.practice(), p.localDate(), p.localTime(), p.at(), p.reason(), Messages.partnerSharedTonight(language), p.reasonCodes())
                : p;
    }

    private List<LocalTime> recentRituals(String userId) {
        return history.recentTimes(userId, Practice.RITUAL_OF_OPENNESS, config.recentSamples());
    }
}
