package app.openly.journal.rest;

import app.openly.journal.domain.EntryReads;
import app.openly.journal.domain.JournalService;
import app.openly.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The person's rights over their data: a full export and erasure. */
@Path("/api/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "My data", description = "Your rights over your data: export everything, erase everything")
public class MeResource {

    public record Export(@Schema(required = true, maxLength = 255) String userId, @Schema(required = true) Instant exportedAt,
                         @Schema(required = true, minimum = "0") int entryCount, @Schema(required = true) List<EntryResponse> entries) {
    }

    @Inject
    JournalService journal;
    @Inject
    EntryReads reads;
    @Inject
    CurrentUser user;
    @Inject
    Clock clock;

    @GET
    @Path("export")
    @Operation(operationId = "exportMyEntries", summary = "Everything you wrote, decrypted, as one JSON document (GDPR Art. 20)")
    @APIResponse(responseCode = "200", description = "Your entries",
            headers = @Header(name = "Content-Disposition", description = "attachment; filename=\"openly-export.json\"",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Export.class)))
    public Response export() {
        var entries = reads.export(user.id()).stream().map(EntryResponse::of).toList();
        return Response.ok(new Export(user.id(), clock.instant(), entries.size(), entries))
                .header("Content-Disposition", "attachment; filename=\"openly-export.json\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    @DELETE
    @APIResponse(responseCode = "204", description = "Erased here; reminders and insights follow within moments")
    @Operation(operationId = "eraseMe", summary = "Erase everything of yours (GDPR Art. 17)",
            description = "Your entries and your data key are destroyed; reminders and insights erase theirs too.")
    public Response erase() {
        journal.erase(user.id(), user.orgId().orElse(null));
        return Response.noContent().build();
    }
}
