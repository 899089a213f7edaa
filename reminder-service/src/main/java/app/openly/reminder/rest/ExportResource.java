package app.openly.reminder.rest;

import app.openly.platform.privacy.PersonalData;
import app.openly.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** reminder-service's part of the caller's data export; journal-service's /me/export holds the entries. */
@Path("/api/v1/reminders/export")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    @Inject
    CurrentUser user;
    @Inject
    PersonalData personalData;

    @GET
    @Operation(summary = "Everything reminder-service keeps about you (preferences, learned practice times, reminders and answers), table by table")
    public PersonalData.Export export() {
        return personalData.export(user.id());
    }
}
