package app.openly.journal.rest;

import app.openly.events.Practice;
import app.openly.journal.domain.JournalService;
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

import java.time.ZoneId;

@Path("/api/v1/prompts/today")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PromptResource {

    public record PromptResponse(Practice practice, String prompt) {
    }

    @Inject
    JournalService journal;
    @Inject
    CurrentUser user;

    @GET
    public PromptResponse today(@QueryParam("practice") String practice, @QueryParam("timeZone") String timeZone) {
        if (practice == null || practice.isBlank()) {
            throw ProblemException.badField("practice", "is required");
        }
        Practice p = QueryParams.oneOf(Practice.class, "practice", practice, null, "is not one of the five practices");
        ZoneId zone = QueryParams.zone("timeZone", timeZone, ZoneId.of("UTC"));
        return new PromptResponse(p, journal.promptOfToday(user.id(), p, zone));
    }
}
