package app.openly.insights.rest;

import app.openly.insights.config.InsightsConfig;
import app.openly.insights.domain.OrgView;
import app.openly.insights.domain.logic.IsoWeeks;
import app.openly.insights.domain.logic.WeeklySummaryBuilder;
import app.openly.insights.domain.logic.OrgWeekView;
import app.openly.platform.problem.ProblemException;
import app.openly.platform.security.CurrentUser;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An organization's wellness-program view: approximate aggregates of opted-in members only, never a person,
 * never text; each week published once, with noise, when it has ended everywhere.
 */
@Path("/api/v1/orgs/{orgId}/insights/weekly")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Organization", description = "A wellness program's view: approximate, anonymous figures of members who chose to share")
public class OrgInsightsResource {


    /** A shown figure, or {@code suppressed: true} with no value. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Figure(Double value, Boolean suppressed) {
        static Figure of(OrgWeekView.Figure f) {
            return f.suppressed() ? new Figure(null, true) : new Figure(f.value(), null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrgWeekly(String orgId, String week,
                            @Schema(description = "false until the week has ended everywhere; then its figures never change") boolean published,
                            Instant publishedAt,
                            @Schema(description = "Every figure carries random noise (differential privacy)") boolean approximate,
                            @Schema(description = "The privacy budget ε this week's figures spent in all") BigDecimal epsilon,
                            int minimumGroupSize, Figure participants, Figure sessions, Figure sessionsPerParticipant,
                            @Schema(description = "About how many people practised each practice") Map<String, Figure> practiceMix,
                            @Schema(description = "Themes roughly k or more people wrote about, most shared first; no counts") List<String> themes,
                            Figure averageIntensityChange, Figure averageCalmChange, String note) {
    }

    @Inject
    CurrentUser user;
    @Inject
    OrgView orgView;
    @Inject
    InsightsConfig config;
    @Inject
    app.openly.platform.i18n.LanguageStore languages;

    /** Longest organization id accepted (also documented). */
    static final int ORG_ID_MAX = 255;

    @GET
    @Operation(operationId = "getOrganizationWeek", summary = "An organization's published week (org-admin): approximate, anonymous figures of members who chose to share")
    @APIResponse(responseCode = "200", description = "The week (published: false while it has not ended everywhere)")
    @APIResponse(responseCode = "400", description = "week is not an ISO week like 2026-W48")
    @APIResponse(responseCode = "403", description = "Not an org-admin of this organization")
    @APIResponse(responseCode = "404", description = "Not your organization")
    public OrgWeekly weekly(@Parameter(description = "Your organization's id (the token's org claim)", schema = @Schema(type = SchemaType.STRING, maxLength = ORG_ID_MAX))
                            @PathParam("orgId") String orgId,
                            @Parameter(description = "An ISO week like 2026-W48 (default: the latest published week)",
                                    schema = @Schema(type = SchemaType.STRING, pattern = "^[0-9]{4}-W[0-9]{2}$", example = "2026-W48"))
                            @QueryParam("week") String week) {
        if (orgId.length() > ORG_ID_MAX) {
            throw ProblemException.badField("orgId", "must be at most " + ORG_ID_MAX + " characters");
        }
        if (!user.orgId().map(orgId::equals).orElse(false)) {
            throw ProblemException.notFound("organization"); // another org's view does not exist for you
        }
        if (!user.isOrgAdminOf(orgId)) {
            throw new ForbiddenException();
        }
        Optional<LocalDate> monday;
        try {
            monday = week == null || week.isBlank() ? Optional.empty() : Optional.of(IsoWeeks.parse(week));
        } catch (DateTimeParseException e) {
            throw ProblemException.badField("week", "is not an ISO week like 2026-W48");
        }
        var published = orgView.week(orgId, monday);
        if (published.isEmpty()) {
            return new OrgWeekly(orgId, monday.map(IsoWeeks::of).orElse(null), false, null, true, null, config.k(),
                    null, null, null, null, null, null, null,
                    WeeklySummaryBuilder.TEXTS.text(languages.localeOf(user.id()), "org.not-yet"));
        }
        var p = published.get();
        var f = p.figures();
        Map<String, Figure> mix = new LinkedHashMap<>();
        f.practiceMix().forEach((practice, figure) -> mix.put(practice.name(), Figure.of(figure)));
        return new OrgWeekly(orgId, IsoWeeks.of(p.weekStart()), true, p.publishedAt(), true, p.epsilon(), p.minGroupSize(),
                Figure.of(f.participants()), Figure.of(f.sessions()), Figure.of(f.sessionsPerParticipant()), mix, f.themes(),
                Figure.of(f.averageIntensityChange()), Figure.of(f.averageCalmChange()), WeeklySummaryBuilder.TEXTS.text(languages.localeOf(user.id()), "org.approximate", p.minGroupSize()));
    }
}
