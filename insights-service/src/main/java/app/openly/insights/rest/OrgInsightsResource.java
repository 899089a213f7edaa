package app.openly.insights.rest;

import app.openly.insights.config.InsightsConfig;
import app.openly.insights.domain.InsightsQueries;
import app.openly.insights.domain.logic.IsoWeeks;
import app.openly.insights.domain.logic.OrgAggregates;
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

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An organization's wellness-program view: aggregates of opted-in members only, never a person,
 * never text, and nothing computed from fewer than k people.
 */
@Path("/api/v1/orgs/{orgId}/insights/weekly")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OrgInsightsResource {

    /** A published figure, or {@code suppressed: true} with no value (and no head count). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Figure(Double value, Boolean suppressed) {
        static Figure of(OrgAggregates.Cell c) {
            return c.suppressed() ? new Figure(null, true) : new Figure(Math.round(c.value() * 100) / 100.0, null);
        }
    }

    public record OrgWeekly(String orgId, String week, int minimumGroupSize, Figure participants, Figure sessions,
                            Figure sessionsPerParticipant, Map<String, Figure> practiceMix, Map<String, Figure> themeDistribution,
                            Figure averageIntensityChange, Figure averageCalmChange, String note) {
    }

    @Inject
    CurrentUser user;
    @Inject
    InsightsQueries queries;
    @Inject
    InsightsConfig config;
    @Inject
    Clock clock;

    @GET
    public OrgWeekly weekly(@PathParam("orgId") String orgId, @QueryParam("week") String week) {
        if (!user.orgId().map(orgId::equals).orElse(false)) {
            throw ProblemException.notFound("organization"); // another org's view does not exist for you
        }
        if (!user.isOrgAdminOf(orgId)) {
            throw new ForbiddenException();
        }
        LocalDate monday;
        try {
            monday = week == null || week.isBlank() ? IsoWeeks.monday(LocalDate.now(clock.withZone(ZoneOffset.UTC))) : IsoWeeks.parse(week);
        } catch (DateTimeParseException e) {
            throw ProblemException.badField("week", "is not an ISO week like 2026-W48");
        }
        int k = config.k();
        var w = queries.orgWeek(orgId, monday, k);
        return new OrgWeekly(orgId, IsoWeeks.of(monday), k, Figure.of(w.participants()), Figure.of(w.sessions()),
                Figure.of(w.sessionsPerParticipant()), figures(w.practiceMix()), figures(w.themeDistribution()),
                Figure.of(w.averageIntensityChange()), Figure.of(w.averageCalmChange()),
                "Only members who opted in are counted. Figures from fewer than " + k
                        + " people are suppressed; themes shared by fewer than " + k + " people are not listed.");
    }

    private static Map<String, Figure> figures(Map<String, OrgAggregates.Cell> cells) {
        Map<String, Figure> out = new LinkedHashMap<>();
        cells.forEach((key, c) -> out.put(key, Figure.of(c)));
        return out;
    }
}
