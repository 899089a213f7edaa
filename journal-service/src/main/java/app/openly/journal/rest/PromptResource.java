package app.openly.journal.rest;

import app.openly.events.Practice;
import app.openly.journal.domain.DailyPrompts;
import app.openly.platform.rest.QueryParams;
import app.openly.platform.problem.ProblemException;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.ZoneId;

@Path("/api/v1/prompts/today")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Entries")
public class PromptResource {

    public record PromptResponse(@Schema(required = true) Practice practice,
                                 @Schema(required = true, maxLength = 500, description = "The prompt, in your language") String prompt,
                                 @Schema(required = true, minimum = "1", description = "The prompt's stable place in the practice's list, "
                                         + "the same in every language, so a client can word it itself") int promptNumber,
                                 @Schema(required = true, enumeration = {"en", "de", "es", "fr"}, maxLength = 2,
                                         description = "The language of `prompt`: your `locale` preference (English until you choose one)") String locale) {
    }

    @Inject
    DailyPrompts prompts;
    @Inject
    CurrentUser user;

    @GET
    @Operation(operationId = "getTodaysPrompt", summary = "Today's gentle prompt for a practice, the same all day in your zone")
    @APIResponse(responseCode = "200", description = "The prompt")
    public PromptResponse today(@Parameter(required = true, schema = @Schema(implementation = Practice.class)) @QueryParam("practice") String practice,
                                @Parameter(description = "IANA zone your day is counted in (default UTC)",
                                        schema = @Schema(type = SchemaType.STRING, example = "Europe/Berlin", maxLength = EntryRequest.TIME_ZONE_MAX))
                                @QueryParam("timeZone") String timeZone) {
        if (practice == null || practice.isBlank()) {
            throw ProblemException.badField("practice", "is required");
        }
        Practice p = QueryParams.oneOf(Practice.class, "practice", practice, null, "is not one of the five practices");
        ZoneId zone = QueryParams.zone("timeZone", timeZone, ZoneId.of("UTC"));
        DailyPrompts.TodaysPrompt today = prompts.today(user.id(), p, zone);
        return new PromptResponse(p, today.text(), today.number(), today.locale().getLanguage());
    }
}
