package app.openly.insights.domain;

import app.openly.insights.config.InsightsConfig;
import app.openly.insights.domain.logic.DiscreteLaplace;
import app.openly.insights.domain.logic.IsoWeeks;
import app.openly.insights.domain.logic.OrgWeekRelease;
import app.openly.insights.domain.logic.OrgWeekView;
import app.openly.insights.domain.logic.PrivacyBudget;
import app.openly.platform.schedule.RoundsBeforeShutdown;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The organization view, built so that nobody can be singled out by comparing views: a week is published
 * once, when it has closed everywhere on Earth, with differentially private noise (ε per week per org from
 * {@code openly.insights.org-epsilon-per-week}); afterwards nothing moves it. Who counts is decided by
 * {@code org_sharing_period}: an opt-in counts from the first week that has not started anywhere, an
 * opt-out from the first week not yet published.
 */
@ApplicationScoped
public class OrgView {

    private static final Logger LOG = Logger.getLogger(OrgView.class);

    /** A published week as the organization sees it. */
    public record Published(LocalDate weekStart, Instant publishedAt, java.math.BigDecimal epsilon, int minGroupSize, OrgWeekView figures) {
    }

    @Inject
    OrgWeekStore store;
    @Inject
    InsightsConfig config;
    @Inject
    Clock clock;

    private final DiscreteLaplace noise = new DiscreteLaplace(new SecureRandom());

    @Inject
    RoundsBeforeShutdown rounds;

    // First round a few seconds after start, not during it (as WeeklySummaries; issue 17 goal 5).
    @Scheduled(every = "${openly.org-view.publish-every:5m}", delayed = "${openly.org-view.publish-delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // no round once shutdown has begun: Hibernate and the pool close under it (an ERROR per stop, seen in the logs)
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        rounds.run(() -> publishClosedWeeks(clock.instant())); // shutdown waits for a round already running (RoundsBeforeShutdown)
    }

    /** Publishes, for every organization, each week closed everywhere by {@code now} and not published yet. */
    @ActivateRequestContext
    public int publishClosedWeeks(Instant now) {
        int published = 0;
        for (String orgId : store.orgsWithMembers()) {
            try {
                published += publishClosedWeeks(orgId, now);
            } catch (RuntimeException e) {
                LOG.warnf("publishing an organization's closed weeks failed; the next run retries: %s", e.getClass().getSimpleName());
            }
        }
        return published;
    }

    /** Publishes the organization's weeks closed everywhere by {@code now}, oldest first; returns how many. */
    @Transactional
    public int publishClosedWeeks(String orgId, Instant now) {
        store.lockOrg(orgId);
        LocalDate lastClosed = IsoWeeks.lastClosedEverywhere(now);
        Optional<LocalDate> first = store.latestPublishedWeek(orgId).map(w -> w.plusWeeks(1)).or(() -> store.firstCountedWeek(orgId));
        if (first.isEmpty()) {
            return 0;
        }
        PrivacyBudget budget = PrivacyBudget.of(config.orgEpsilonPerWeek());
        int k = config.k();
        int published = 0;
        for (LocalDate week = first.get(); !week.isAfter(lastClosed); week = week.plusWeeks(1)) {
            var contributions = OrgWeekRelease.contributions(store.memberWeeks(orgId, week), config.orgThemes());
            var release = OrgWeekRelease.release(contributions, budget, k, noise);
            if (store.publish(new OrgWeekStore.PublishedWeek(orgId, week, now, budget.epsilon(), k, release))) {
                published++;
            }
        }
        return published;
    }

    /** The published week (empty: the latest published one); empty if it is not published (yet). */
    public Optional<Published> week(String orgId, Optional<LocalDate> weekStart) {
        Optional<LocalDate> week = weekStart.or(() -> store.latestPublishedWeek(orgId));
        return week.flatMap(w -> store.published(orgId, w)).map(p -> new Published(p.weekStart(), p.publishedAt(), p.epsilon(),
                p.minGroupSize(), OrgWeekView.of(p.release(), p.minGroupSize())));
    }

    /** Opting in: counted from the first week that has not started anywhere. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void startCounting(String userId, String orgId, Instant now) {
        store.startCounting(userId, orgId, IsoWeeks.firstWeekNotStartedAnywhere(now));
    }

    /** Opting out: not counted from the first week not yet published (published weeks keep their figures). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stopCounting(String userId) {
        for (String orgId : store.countingOrgs(userId)) {
            store.lockOrg(orgId); // no publication of this org runs between reading its latest week and closing the period
            LocalDate firstUnpublished = store.latestPublishedWeek(orgId).map(w -> w.plusWeeks(1)).orElse(LocalDate.EPOCH); // nothing published yet: never counted
            store.stopCounting(userId, orgId, firstUnpublished);
        }
    }
}
