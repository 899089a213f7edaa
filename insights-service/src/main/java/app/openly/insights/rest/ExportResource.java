package app.openly.insights.rest;

import app.openly.platform.privacy.PersonalData;
import app.openly.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** insights-service's part of the caller's data export; journal-service's /me/export holds the entries. */
@Path("/api/v1/insights/export")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    @Inject
    CurrentUser user;
    @Inject
    PersonalData personalData;

    @GET
    @Operation(summary = "Everything insights-service keeps about you (sharing choice, pauses, days, weekly sums, themes, streaks), table by table")
    public PersonalData.Export export() {
        return personalData.export(user.id());
    }
}
