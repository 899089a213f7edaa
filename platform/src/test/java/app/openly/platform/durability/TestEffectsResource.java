package app.openly.platform.durability;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The test application's one operation on the database: how a request meets a database that is away (DurabilityTest). */
@Path("/api/v1/test-effects")
@Tag(name = "My data")
@Authenticated
public class TestEffectsResource {

    @Inject
    EntityManager em;

    public record Count(long applications) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(operationId = "countTestEffects", summary = "How many applications the test handler recorded")
    @APIResponse(responseCode = "200", description = "The count")
    public Count count() {
        return new Count(((Number) em.createNativeQuery("select count(*) from test_effect").getSingleResult()).longValue());
    }
}
