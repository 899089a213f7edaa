package app.openly.insights.rest;

import app.openly.events.Practice;
import app.openly.insights.domain.DailyPracticeStore;
import app.openly.platform.input.DateRange;
import app.openly.platform.rest.QueryParams;
import app.openly.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
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
import java.util.List;

/** The caller's practice counts per local day, from the precomputed counters. */
@Path("/api/v1/insights/days")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Insights", description = "Your own streaks, days and weekly summary, and whether your organization may count you")
public class DaysResource {

    public record DayPractice(LocalDate localDate, Practice practice, int entries) {
    }

    @Inject
    CurrentUser user;
    @Inject
    DailyPracticeStore dailyPractice;

    @GET
    @Operation(operationId = "listPracticeDays", summary = "How many entries of each practice you recorded per local day")
    @APIResponse(responseCode = "200", description = "One item per day and practice with entries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = DayPractice.class)))
    public List<DayPractice> days(@Parameter(description = "First local date (default: all)", schema = @Schema(type = SchemaType.STRING, format = "date"))
                                  @QueryParam("from") String from,
                                  @Parameter(description = "Last local date (default: all)", schema = @Schema(type = SchemaType.STRING, format = "date"))
                                  @QueryParam("to") String to) {
        LocalDate start = QueryParams.date("from", from, DateRange.FIRST_DAY);
        LocalDate end = QueryParams.date("to", to, DateRange.LAST_DAY);
        QueryParams.requireOrdered("from", start, "to", end);
        return dailyPractice.days(user.id(), start, end).stream()
                .map(d -> new DayPractice(d.localDate(), d.practice(), d.entries())).toList();
    }
}
