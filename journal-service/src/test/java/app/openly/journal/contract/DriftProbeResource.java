package app.openly.journal.contract;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/** Test-only endpoints that break the contract on purpose, so the validating test client is seen to catch it. */
@Path("/api/v1/test-only/drift")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Entries")
public class DriftProbeResource {

    public record Documented(@Schema(required = true, maxLength = 5) String word) {
    }

    @GET
    @Path("extra-field")
    @Operation(operationId = "testOnlyExtraField", summary = "Answers a field its schema does not have")
    @APIResponse(responseCode = "200", description = "x", content = @Content(schema = @Schema(implementation = Documented.class)))
    public Response extraField() {
        return Response.ok(Map.of("word", "calm", "undocumented", 1)).build();
    }

    @GET
    @Path("too-long")
    @Operation(operationId = "testOnlyTooLong", summary = "Answers a value longer than its documented maxLength")
    @APIResponse(responseCode = "200", description = "x", content = @Content(schema = @Schema(implementation = Documented.class)))
    public Response tooLong() {
        return Response.ok(Map.of("word", "much too long")).build();
    }

    @GET
    @Path("undocumented-status")
    @Operation(operationId = "testOnlyUndocumentedStatus", summary = "Answers 202, which it does not document")
    @APIResponse(responseCode = "200", description = "x", content = @Content(schema = @Schema(implementation = Documented.class)))
    public Response undocumentedStatus() {
        return Response.accepted(Map.of("word", "calm")).build();
    }

    @GET
    @Path("as-documented")
    @Operation(operationId = "testOnlyAsDocumented", summary = "Answers as documented")
    @APIResponse(responseCode = "200", description = "x", content = @Content(schema = @Schema(implementation = Documented.class)))
    public Response asDocumented() {
        return Response.ok(Map.of("word", "calm")).build();
    }

    @GET
    @Path("hidden")
    @Operation(hidden = true)
    public Response hidden() {
        return Response.ok(Map.of("word", "calm")).build();
    }
}
