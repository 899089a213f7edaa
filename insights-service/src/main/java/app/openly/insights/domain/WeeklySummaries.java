package app.openly.insights.domain;

import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.Topics;
import app.openly.events.WeeklySummaryReady;
import app.openly.insights.domain.logic.IsoWeeks;
import app.openly.platform.outbox.Outbox;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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
 * "Once" rests on one conditional update of {@code insights_person.last_summary_week} in the same
 * transaction as the outbox row: two runs racing on the same person serialize on that row, and the
 * second finds the week already announced.
 */
@ApplicationScoped
public class WeeklySummaries {

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    Outbox outbox;
    @Inject
    InsightsQueries queries;

    @Scheduled(every = "${openly.weekly-summary.every:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        closeWeeks(clock.instant());
    }

    /** Announces every week that has closed by {@code now} and was not announced yet; returns how many. */
    @ActivateRequestContext
    public int closeWeeks(Instant now) {
        // The zone furthest ahead (UTC+14) is the first to close a week: no person can have a later closed week.
        LocalDate latestPossible = IsoWeeks.monday(LocalDate.ofInstant(now, ZoneOffset.ofHours(14))).minusWeeks(1);
        @SuppressWarnings("unchecked")
        List<String> candidates = em.createNativeQuery("""
                        select user_id from insights_person
                        where last_summary_week is null or last_summary_week < :latest""")
                .setParameter("latest", latestPossible).getResultList();
        int announced = 0;
        for (String userId : candidates) {
            if (closeWeekOf(userId, now)) {
                announced++;
            }
        }
        return announced;
    }

    /** In the person's zone, the week before the current one is closed; announces it if not done yet. */
    @Transactional
    public boolean closeWeekOf(String userId, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select time_zone, org_id, last_summary_week from insights_person where user_id = :u")
                .setParameter("u", userId).getResultList();
        if (rows.isEmpty()) {
            return false; // erased meanwhile
        }
        ZoneId zone = ZoneId.of((String) rows.get(0)[0]);
        String orgId = (String) rows.get(0)[1];
        boolean firstTime = rows.get(0)[2] == null;
        LocalDate closedWeek = IsoWeeks.lastClosedWeek(now, zone);
        int claimed = em.createNativeQuery("""
                        update insights_person set last_summary_week = :w
                        where user_id = :u and (last_summary_week is null or last_summary_week < :w)""")
                .setParameter("w", closedWeek).setParameter("u", userId).executeUpdate();
        if (claimed == 0) {
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
        var payload = new WeeklySummaryReady(IsoWeeks.of(closedWeek), zone.getId(), figures.daysPracticed(), counts);
        // A stable id per person and week: even a replayed outbox row is recognisable downstream.
        UUID eventId = UUID.nameUUIDFromBytes((userId + "|" + IsoWeeks.of(closedWeek)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        outbox.add(Topics.INSIGHTS_WEEKLY_SUMMARIES, EventEnvelope.of(eventId, now, userId, orgId, payload));
        return true;
    }
}
