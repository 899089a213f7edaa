package app.openly.insights.domain;

import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.events.WeeklySummaryReady;
import app.openly.insights.domain.logic.IsoWeeks;
import app.openly.platform.outbox.Outbox;
import app.openly.platform.schedule.RoundsBeforeShutdown;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Announces {@code WeeklySummaryReady} once per person when their ISO week closes in their own zone.
 * "Once" rests on one conditional update of {@code insights_person.last_summary_week}
 * ({@link PersonStore#claimAnnouncement}) in the same transaction as the outbox row.
 */
@ApplicationScoped
public class WeeklySummaries {

    @Inject
    PersonStore people;
    @Inject
    Clock clock;
    @Inject
    Outbox outbox;
    @Inject
    InsightsQueries queries;
    @Inject
    StreakStore streaks;
    @Inject
    app.openly.insights.config.InsightsConfig config;

    @Inject
    RoundsBeforeShutdown rounds;

    // First round a few seconds after start, not during it: a round at start ran beside the readiness checks and the
    // Kafka clients' start on two cores (issue 17 goal 5, bench/START.md wave 9).
    @Scheduled(every = "${openly.weekly-summary.every:5m}", delayed = "${openly.weekly-summary.delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // no round once shutdown has begun: Hibernate and the pool close under it (an ERROR per stop, seen in the logs)
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        rounds.run(() -> closeWeeks(clock.instant())); // shutdown waits for a round already running (RoundsBeforeShutdown)
    }

    /** Announces every week that has closed by {@code now} and was not announced yet; returns how many. */
    @ActivateRequestContext
    public int closeWeeks(Instant now) {
        // The zone furthest ahead (UTC+14) is the first to close a week: no person can have a later closed week.
        LocalDate latestPossible = IsoWeeks.monday(LocalDate.ofInstant(now, ZoneOffset.ofHours(14))).minusWeeks(1);
        int announced = 0;
        for (String userId : people.awaitingAnnouncement(latestPossible)) {
            if (closeWeekOf(userId, now)) {
                announced++;
            }
        }
        return announced;
    }

    /** In the person's zone, the week before the current one is closed; announces it if not done yet. */
    @Transactional
    public boolean closeWeekOf(String userId, Instant now) {
        var target = people.announcementTarget(userId);
        if (target.isEmpty()) {
            return false; // erased meanwhile
        }
        ZoneId zone = target.get().zone();
        String orgId = target.get().orgId();
        boolean firstTime = target.get().neverAnnounced();
        LocalDate closedWeek = IsoWeeks.lastClosedWeek(now, zone);
        if (!people.claimAnnouncement(userId, closedWeek)) {
            return false;
        }
        var figures = queries.week(userId, closedWeek);
        if (firstTime && figures.daysPracticed() == 0) {
            return false; // the person began after that week: nothing to tell them about it
        }
        Map<Practice, Integer> counts = new EnumMap<>(Practice.class);
        figures.practices().forEach((practice, sums) -> {
            if (sums.entries() > 0) {
                counts.put(practice, sums.entries());
            }
        });
        // The streaks as the week closed, for the weekly letter (numbers only; a shared ritual streak is not a practice).
        List<WeeklySummaryReady.PracticeStreak> streakFacts = streaks.streaks(userId).stream()
                .filter(s -> java.util.Arrays.stream(Practice.values()).anyMatch(p -> p.name().equals(s.practice())))
                .map(s -> new WeeklySummaryReady.PracticeStreak(Practice.valueOf(s.practice()), s.current(), s.longest()))
                .toList();
        var payload = new WeeklySummaryReady(IsoWeeks.of(closedWeek), zone.getId(), figures.daysPracticed(), counts, streakFacts,
                config.forgivenMissesPerWeek());
        // A stable id per person and week: even a replayed outbox row is recognisable downstream.
        UUID eventId = UUID.nameUUIDFromBytes((userId + "|" + IsoWeeks.of(closedWeek)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        outbox.add(Topics.INSIGHTS_WEEKLY_SUMMARIES, EventEnvelope.of(eventId, now, userId, orgId, payload));
        return true;
    }
}
