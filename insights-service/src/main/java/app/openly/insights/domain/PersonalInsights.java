package app.openly.insights.domain;

import app.openly.insights.domain.StreakStore.StreakView;
import app.openly.insights.domain.logic.IsoWeeks;
import app.openly.insights.domain.logic.WeeklySummaryBuilder;
import app.openly.insights.domain.ritual.SharedStreaks;
import app.openly.platform.i18n.LanguageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A person's own insights (streaks, weekly summary, sharing choice, pauses): never anyone else's, never an org's. */
@ApplicationScoped
public class PersonalInsights {

    public record Streaks(ZoneId zone, List<StreakView> streaks) {
    }

    public record Weekly(LocalDate monday, ZoneId zone, boolean inProgress, List<StreakView> streaks, WeeklySummaryBuilder.Summary summary) {
    }

    @Inject
    StreakStore streaks;
    @Inject
    InsightsQueries queries;
    @Inject
    PersonStore people;
    @Inject
    OrgView orgView;
    @Inject
    Clock clock;
    @Inject
    SharedStreaks sharedStreaks;
    @Inject
    LanguageStore languages;

    public Streaks streaks(String userId) {
        return new Streaks(people.zoneOf(userId), streaks.streaks(userId));
    }

    /**
     * The summary of the week starting {@code requestedMonday} (empty: the current week in the person's zone).
     *
     * @throws WeekNotBegunException for a week that has not begun in the person's zone
     */
    public Weekly weekly(String userId, Optional<LocalDate> requestedMonday) {
        ZoneId zone = people.zoneOf(userId);
        LocalDate thisMonday = IsoWeeks.monday(LocalDate.now(clock.withZone(zone)));
        LocalDate monday = requestedMonday.orElse(thisMonday);
        if (monday.isAfter(thisMonday)) {
            throw new WeekNotBegunException(zone);
        }
        boolean inProgress = monday.equals(thisMonday);
        java.util.Locale locale = languages.localeOf(userId);
        var summary = WeeklySummaryBuilder.build(queries.week(userId, monday), queries.week(userId, monday.minusWeeks(1)), inProgress, locale);
        // With a ritual partner, each week's summary mentions the ritual they share (never shown to an organization).
        var sharedNights = sharedStreaks.nightsBetween(userId, monday, monday.plusDays(6));
        if (sharedNights.isPresent()) {
            int streak = sharedStreaks.of(userId).map(SharedStreaks.SharedStreak::current).orElse(0);
            summary = WeeklySummaryBuilder.withSharedRitual(summary, sharedNights.get(), streak, locale);
        }
        return new Weekly(monday, zone, inProgress, streaks.streaks(userId), summary);
    }

    public boolean sharing(String userId) {
        return people.sharing(userId).orElse(false);
    }

    /** Opt in or out of the organization's anonymous aggregates, now. */
    @Transactional
    public void setSharing(String userId, Optional<String> orgId, boolean share) {
        setSharing(userId, orgId, share, clock.instant());
    }

    /**
     * Opt in or out at {@code now}: an opt-in counts from the first week that has not started anywhere, an
     * opt-out from the first week the organization has not been shown yet (see {@link OrgView}).
     */
    @Transactional
    public void setSharing(String userId, Optional<String> orgId, boolean share, java.time.Instant now) {
        people.setSharing(userId, orgId.orElse(null), share);
        if (share) {
            orgId.ifPresent(org -> orgView.startCounting(userId, org, now));
        } else {
            orgView.stopCounting(userId);
        }
    }

    public List<LocalDate> pauses(String userId) {
        return streaks.pauses(userId);
    }

    /** Replaces the person's pause days and recomputes their streaks with them. */
    @Transactional
    public List<LocalDate> replacePauses(String userId, Set<LocalDate> days) {
        streaks.replacePauses(userId, days);
        return streaks.pauses(userId);
    }
}
