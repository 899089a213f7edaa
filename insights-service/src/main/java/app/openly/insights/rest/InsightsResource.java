package app.openly.insights.rest;

import app.openly.insights.domain.InsightsQueries;
import app.openly.insights.domain.InsightsStore;
import app.openly.insights.domain.logic.IsoWeeks;
import app.openly.insights.domain.logic.WeeklySummaryBuilder;
import app.openly.platform.problem.ProblemException;
import app.openly.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/** A person's own insights: streaks and the weekly summary, from precomputed rows. */
@Path("/api/v1/insights")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class InsightsResource {

    public record StreaksResponse(String timeZone, List<InsightsStore.StreakView> streaks) {
    }

    /** {@code streaks} are as of today, also when an earlier week is asked for. */
    public record WeeklyResponse(String week, String timeZone, LocalDate from, LocalDate to,
                                 @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "The week has not ended yet in your time zone")
                                 boolean inProgress,
                                 List<InsightsStore.StreakView> streaks, WeeklySummaryBuilder.Summary summary) {
    }

    public record Sharing(@NotNull Boolean shareWithOrganization) {
    }

    /** Local days the person paused (vacation, not applicable): they neither count nor break a streak. */
    public record Pauses(@NotNull @jakarta.validation.constraints.Size(max = 400) List<@NotNull LocalDate> days) {
    }

    @Inject
    CurrentUser user;
    @Inject
    InsightsStore store;
    @Inject
    InsightsQueries queries;
    @Inject
    Clock clock;
    @Inject
    jakarta.persistence.EntityManager em;

    @GET
    @Path("streaks")
    public StreaksResponse streaks() {
        String id = user.id();
        return new StreaksResponse(store.zoneOf(id).getId(), store.streaks(id));
    }

    @GET
    @Path("weekly")
    public WeeklyResponse weekly(@QueryParam("week") String week) {
        String id = user.id();
        ZoneId zone = store.zoneOf(id);
        LocalDate thisMonday = IsoWeeks.monday(LocalDate.now(clock.withZone(zone)));
        LocalDate monday;
        if (week == null || week.isBlank()) {
            monday = thisMonday;
        } else {
            try {
                monday = IsoWeeks.parse(week);
            } catch (DateTimeParseException e) {
                throw ProblemException.badField("week", "is not an ISO week like 2026-W48");
            }
            if (monday.isAfter(thisMonday)) {
                // A week still to come has nothing to summarise yet; an empty "quiet week" would not be true.
                throw ProblemException.badField("week", "has not begun yet in your time zone (" + zone.getId() + ")");
            }
        }
        boolean inProgress = monday.equals(thisMonday);
        var summary = WeeklySummaryBuilder.build(queries.week(id, monday), queries.week(id, monday.minusWeeks(1)), inProgress);
        return new WeeklyResponse(IsoWeeks.of(monday), zone.getId(), monday, monday.plusDays(6), inProgress, store.streaks(id), summary);
    }

    @GET
    @Path("sharing")
    public Sharing sharing() {
        return new Sharing(store.sharing(user.id()).orElse(false));
    }

    /** Opt in or out of the organization's anonymous aggregates (off by default). */
    @PUT
    @Path("sharing")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Sharing setSharing(@Valid @NotNull Sharing request) {
        String id = user.id();
        em.createNativeQuery("""
                        insert into insights_person as p (user_id, org_id, time_zone, share_with_org, updated_at) values (:u, :o, 'UTC', :s, :t)
                        on conflict (user_id) do update set share_with_org = excluded.share_with_org, org_id = coalesce(excluded.org_id, p.org_id),
                            updated_at = excluded.updated_at""")
                .setParameter("u", id).setParameter("o", user.orgId().orElse(null)).setParameter("s", request.shareWithOrganization())
                .setParameter("t", clock.instant()).executeUpdate();
        return new Sharing(request.shareWithOrganization());
    }

    @GET
    @Path("pauses")
    public Pauses pauses() {
        return new Pauses(store.pauses(user.id()));
    }

    /** Replaces the person's pause days and recomputes their streaks with them. */
    @PUT
    @Path("pauses")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Pauses setPauses(@Valid @NotNull Pauses request) {
        String id = user.id();
        store.replacePauses(id, new java.util.TreeSet<>(request.days()));
        return new Pauses(store.pauses(id));
    }
}
