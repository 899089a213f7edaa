package app.openly.insights.domain.ritual;

import app.openly.events.PartnershipEnded;
import app.openly.events.PartnershipFormed;
import app.openly.events.RitualRevealed;
import app.openly.insights.config.InsightsConfig;
import app.openly.insights.domain.PersonStore;
import app.openly.insights.domain.logic.StreakCalculator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The shared streak of two ritual partners: the nights both shared, with the same grace and pause rules as a
 * person's own streaks (the same {@link StreakCalculator}; a day either of them paused rests it). Only ever
 * shown to the two people themselves, never in an organization's view. Learned from events alone.
 */
@ApplicationScoped
public class SharedStreaks {

    /** A ritual night's day starts at 04:00 (as in journal-service): the night of 00:30 is the evening before. */
    static final LocalTime NIGHT_STARTS = LocalTime.of(4, 0);

    /**
     * The shared streak as of tonight.
     *
     * @param lastNight the last night both shared, or null
     */
    public record SharedStreak(int current, int longest, int strength, LocalDate lastNight) {
    }

    @Inject
    SharedRitualStore store;
    @Inject
    PersonStore people;
    @Inject
    InsightsConfig config;
    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void formed(String userId, PartnershipFormed formed) {
        store.formed(userId, formed.pairId(), formed.partnerUserId());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void ended(String userId, PartnershipEnded ended) {
        store.ended(userId, ended.pairId());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void revealed(String userId, RitualRevealed revealed) {
        store.bothShared(userId, revealed.pairId(), revealed.night());
    }

    /** UserErased: the partner keeps nothing of the erased person (call before the person's own rows are erased). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erased(String userId) {
        store.forgetPartnerErased(userId);
    }

    /** The person's shared streak, or empty without a partner. */
    @Transactional
    public Optional<SharedStreak> of(String userId) {
        return store.partnershipOf(userId).map(p -> {
            TreeSet<LocalDate> nights = store.nights(userId, p.pairId());
            var state = new StreakCalculator(config.forgivenMissesPerWeek())
                    .compute(nights, store.pausedByEither(userId, p.partnerId()), tonight(userId));
            return new SharedStreak(state.current(), state.longest(), state.scorePercent(), state.lastPracticed());
        });
    }

    /** Nights both shared within [from, to], for the weekly summary. */
    @Transactional
    public Optional<Integer> nightsBetween(String userId, LocalDate from, LocalDate to) {
        return store.partnershipOf(userId).map(p -> (int) store.nights(userId, p.pairId()).subSet(from, true, to, true).size());
    }

    private LocalDate tonight(String userId) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(people.zoneOf(userId)));
        return now.toLocalTime().isBefore(NIGHT_STARTS) ? now.toLocalDate().minusDays(1) : now.toLocalDate();
    }
}
