package app.openly.insights.rest;

import app.openly.insights.domain.StreakStore;
import app.openly.insights.domain.PersonalInsights;
import app.openly.insights.domain.logic.IsoWeeks;
import app.openly.insights.domain.logic.WeeklySummaryBuilder;
import app.openly.insights.domain.ritual.SharedStreaks;
import app.openly.platform.problem.ProblemException;
import app.openly.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** A person's own insights: streaks and the weekly summary, from precomputed rows. */
@Path("/api/v1/insights")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Insights")
public class InsightsResource {

    /** Pause days kept at most (also documented through @Size). */
    static final int MAX_PAUSE_DAYS = 400;

    /**
     * @param shared the streak of nights both ritual partners shared (issue 12); null without a partner. Only the
     *               two partners ever see it, never an organization.
     */
    public record StreaksResponse(String timeZone, List<StreakStore.StreakView> streaks,
                                  @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true,
                                          description = "Nights you and your ritual partner both shared, with the same grace and pauses as your own streaks; absent without a partner")
                                  SharedStreaks.SharedStreak shared) {
    }

    /** {@code streaks} are as of today, also when an earlier week is asked for. */
    public record WeeklyResponse(String week, String timeZone, LocalDate from, LocalDate to,
                                 @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "The week has not ended yet in your time zone")
                                 boolean inProgress,
                                 List<StreakStore.StreakView> streaks, WeeklySummaryBuilder.Summary summary) {
    }

    public record Sharing(@NotNull Boolean shareWithOrganization) {
    }

    /** Local days the person paused (vacation, not applicable): they neither count nor break a streak. */
    public record Pauses(@NotNull @jakarta.validation.constraints.Size(max = MAX_PAUSE_DAYS) List<@NotNull LocalDate> days) {
    }

    @Inject
    CurrentUser user;
    @Inject
    PersonalInsights insights;
    @Inject
    SharedStreaks sharedStreaks;

    @GET
    @Path("streaks")
    @Operation(operationId = "getStreaks", summary = "Your gentle streaks per practice (pause days neither count nor break them)")
    @APIResponse(responseCode = "200", description = "Your streaks")
    public StreaksResponse streaks() {
        var streaks = insights.streaks(user.id());
        return new StreaksResponse(streaks.zone().getId(), streaks.streaks(), sharedStreaks.of(user.id()).orElse(null));
    }

    @GET
    @Path("weekly")
    @Operation(operationId = "getWeeklySummary", summary = "Your weekly summary: what you practised, themes, and a kind suggestion")
    @APIResponse(responseCode = "200", description = "The week (this week, unless week is given)")
    public WeeklyResponse weekly(@Parameter(description = "An ISO week like 2026-W48 (default: this week in your zone)",
            schema = @Schema(type = SchemaType.STRING, pattern = "^[0-9]{4}-W[0-9]{2}$", example = "2026-W48")) @QueryParam("week") String week) {
        Optional<LocalDate> monday;
        try {
            monday = week == null || week.isBlank() ? Optional.empty() : Optional.of(IsoWeeks.parse(week));
        } catch (DateTimeParseException e) {
            throw ProblemException.badField("week", "is not an ISO week like 2026-W48");
        }
        var w = insights.weekly(user.id(), monday);
        return new WeeklyResponse(IsoWeeks.of(w.monday()), w.zone().getId(), w.monday(), w.monday().plusDays(6), w.inProgress(),
                w.streaks(), w.summary());
    }

    @GET
    @Path("sharing")
    @Operation(operationId = "getOrganizationSharing", summary = "Whether your organization's anonymous figures may count you (off until you choose)")
    @APIResponse(responseCode = "200", description = "Your choice")
    public Sharing sharing() {
        return new Sharing(insights.sharing(user.id()));
    }

    /** Opt in or out of the organization's anonymous aggregates (off by default). */
    @PUT
    @Path("sharing")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setOrganizationSharing", summary = "Opt in or out of your organization's anonymous figures")
    @APIResponse(responseCode = "200", description = "Your choice as stored")
    public Sharing setSharing(@Valid @NotNull Sharing request) {
        insights.setSharing(user.id(), user.orgId(), request.shareWithOrganization());
        return new Sharing(request.shareWithOrganization());
    }

    @GET
    @Path("pauses")
    @Operation(operationId = "getPauseDays", summary = "The local days you paused (vacation, not applicable)")
    @APIResponse(responseCode = "200", description = "Your pause days")
    public Pauses pauses() {
        return new Pauses(insights.pauses(user.id()));
    }

    /** Replaces the person's pause days and recomputes their streaks with them. */
    @PUT
    @Path("pauses")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replacePauseDays", summary = "Replace your pause days; your streaks are recomputed with them")
    @APIResponse(responseCode = "200", description = "Your pause days as stored")
    public Pauses setPauses(@Valid @NotNull Pauses request) {
        return new Pauses(insights.replacePauses(user.id(), new TreeSet<>(request.days())));
    }
}
