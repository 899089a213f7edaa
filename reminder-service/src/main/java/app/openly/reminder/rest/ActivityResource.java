package app.openly.reminder.rest;

import app.openly.events.Practice;
import app.openly.platform.security.CurrentUser;
import app.openly.reminder.domain.PracticeActivity;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** What reminder-service has learned about the caller's practice times. */
@Path("/api/v1/reminders/activity")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reminders", description = "When and how you are gently reminded: preferences, upcoming and past reminders, your answers")
public class ActivityResource {

    public record PracticeActivityView(Practice practice, String timeZone, LocalDate lastLocalDate,
                                       LocalTime lastLocalTime, int entriesSeen) {
    }

    @Inject
    CurrentUser user;

    @GET
    @Operation(operationId = "listPracticeActivity", summary = "What reminders learned about when you practise, per practice")
    @APIResponse(responseCode = "200", description = "One item per practice you recorded",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY, maxItems = 5,
                            implementation = PracticeActivityView.class)))
    public List<PracticeActivityView> mine() {
        return PracticeActivity.of(user.id()).stream()
                .map(a -> new PracticeActivityView(a.id.practice(), a.timeZone, a.lastLocalDate, a.lastLocalTime, a.entriesSeen))
                .toList();
    }
}
