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

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** What reminder-service has learned about the caller's practice times. */
@Path("/api/v1/reminders/activity")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ActivityResource {

    public record PracticeActivityView(Practice practice, String timeZone, LocalDate lastLocalDate,
                                       LocalTime lastLocalTime, int entriesSeen) {
    }

    @Inject
    CurrentUser user;

    @GET
    public List<PracticeActivityView> mine() {
        return PracticeActivity.of(user.id()).stream()
                .map(a -> new PracticeActivityView(a.id.practice(), a.timeZone, a.lastLocalDate, a.lastLocalTime, a.entriesSeen))
                .toList();
    }
}
