package app.openly.platform.privacy;

import app.openly.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A service's part of the caller's data export: every row of every table in its {@link PersonalData}
 * catalogue. A service exposes it by a subclass that only names the path, e.g.
 * {@code @Path("/api/v1/reminders/export") public class ExportResource extends PersonalDataExportResource {}}.
 */
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public abstract class PersonalDataExportResource {

    @Inject
    protected CurrentUser user;
    @Inject
    protected PersonalData personalData;

    @GET
    @Authenticated
    // said here: SmallRye does not carry @Authenticated of a subclass in another module over to this inherited method,
    // and without it the document left out the 401, the 429 and the RateLimit headers every answer carries
    @org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement(name = "bearer")
    @Operation(operationId = "exportMyData", summary = "Everything this service keeps about you, table by table (its part of your data export)")
    @APIResponse(responseCode = "200", description = "Every table keyed by you, with your rows in it (an empty list where there are none)")
    public PersonalData.Export export() {
        return personalData.export(user.id());
    }
}
