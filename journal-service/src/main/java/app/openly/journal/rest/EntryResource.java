package app.openly.journal.rest;

import app.openly.events.Practice;
import app.openly.journal.config.JournalConfig;
import app.openly.journal.domain.EntryDraft;
import app.openly.journal.domain.EntryReads;
import app.openly.journal.domain.JournalService;
import app.openly.journal.domain.PracticeRules;
import app.openly.platform.rest.QueryParams;
import app.openly.platform.problem.Problem;
import app.openly.platform.problem.ProblemException;
import app.openly.platform.security.CurrentUser;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/entries")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Entries", description = "What you write for the five practices: record, read, edit and delete your entries")
public class EntryResource {

    /** Page sizes of GET /entries (also documented). */
    static final int PAGE_DEFAULT = 20;
    static final int PAGE_MAX = 100;
    /** Longest cursor accepted by the lists of entries and of ritual nights (the ones issued are far shorter). */
    public static final int CURSOR_MAX = 200;
    /** Idempotency-Key: 1 to this many characters. */
    static final int IDEMPOTENCY_KEY_MAX = 100;

    public record EntryPage(@Schema(required = true, maxItems = PAGE_MAX) List<EntryResponse> items,
                            @Schema(description = "Pass back as cursor for the next page; absent on the last page", nullable = true,
                                    maxLength = CURSOR_MAX) String nextCursor) {
    }

    @Inject
    JournalService journal;
    @Inject
    EntryReads reads;
    @Inject
    CurrentUser user;
    @Inject
    Clock clock;
    @Inject
    JournalConfig config;

    /** A whole write: the transaction from its first statement to its commit. */
    private Timer writeTimer;

    @Inject
    void metrics(MeterRegistry registry) {
        writeTimer = registry.timer("openly.journal.write");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createEntry", summary = "Record an entry of one of the five practices",
            description = "Send Idempotency-Key to make retries safe: the same key returns the same entry. A key is remembered for "
                    + "24 hours (openly.journal.idempotency-keys.kept-for); after that a request with it records a new entry.")
    @APIResponse(responseCode = "201", description = "Recorded (or, with an Idempotency-Key used before with the same body, the entry recorded then)",
            headers = {@Header(name = "ETag", description = "The entry's version; send it as If-Match to edit or delete",
                    schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Location", description = "The new entry", schema = @Schema(type = SchemaType.STRING, format = "uri"))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EntryResponse.class)))
    @APIResponse(responseCode = "409", description = "The entry of this Idempotency-Key was deleted (entry-deleted)")
    @APIResponse(responseCode = "422", description = "This Idempotency-Key was used with a different body (idempotency-key-reused)")
    @APIResponse(responseCode = "429", description = "You wrote a lot in a short time (too-many-requests); see Retry-After")
    public Response create(@Valid @NotNull EntryRequest request,
                           @Parameter(description = "Any unique string per entry you mean to record; a retry with the same key and body returns the same entry",
                                   schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IDEMPOTENCY_KEY_MAX))
                           @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @Context UriInfo uri) {
        String userId = user.id();
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > IDEMPOTENCY_KEY_MAX)) {
            throw ProblemException.badField("Idempotency-Key", "must be 1 to " + IDEMPOTENCY_KEY_MAX + " characters");
        }
        EntryDraft draft = PracticeRules.validate(request.toInput(), clock, config.maxFutureSkew());
        // Timed outside the @Transactional method so the commit counts: the benchmark splits this
        // time into crypto, themes and (the rest) database.
        var saved = writeTimer.record(() -> journal.record(userId, user.orgId().orElse(null), draft, idempotencyKey,
                idempotencyKey == null ? null : RequestValues.hash(request)));
        EntryResponse body = EntryResponse.of(saved);
        return Response.created(body.location(uri))
                .tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(body.version())))
                .entity(body).build();
    }

    @GET
    @Operation(operationId = "listEntries", summary = "Your entries, newest first", description = "Pass nextCursor back as cursor for the next page.")
    @APIResponse(responseCode = "200", description = "A page of your entries")
    public EntryPage list(@Parameter(description = "Only entries of this practice", schema = @Schema(implementation = Practice.class))
                          @QueryParam("practice") String practice,
                          @Parameter(description = "Only entries on or after this local date", schema = @Schema(type = SchemaType.STRING, format = "date"))
                          @QueryParam("from") String from,
                          @Parameter(description = "Only entries on or before this local date", schema = @Schema(type = SchemaType.STRING, format = "date"))
                          @QueryParam("to") String to,
                          @Parameter(description = "nextCursor of the page before", schema = @Schema(type = SchemaType.STRING, maxLength = CURSOR_MAX))
                          @QueryParam("cursor") String cursor,
                          @Parameter(description = "Entries per page", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                  maximum = "" + PAGE_MAX, defaultValue = "" + PAGE_DEFAULT))
                          @QueryParam("limit") String limit) {
        Practice p = QueryParams.oneOf(Practice.class, "practice", practice, null, "is not one of the five practices");
        int size = QueryParams.wholeNumber("limit", limit, PAGE_DEFAULT, 1, PAGE_MAX, "must be a number from 1 to " + PAGE_MAX);
        LocalDate start = QueryParams.date("from", from, null);
        LocalDate end = QueryParams.date("to", to, null);
        if (start != null && end != null && end.isBefore(start)) {
            throw ProblemException.badField("to", "is before from");
        }
        var page = reads.list(user.id(), p, start, end, cursor, size);
        return new EntryPage(page.items().stream().map(EntryResponse::of).toList(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getEntry", summary = "One of your entries")
    @APIResponse(responseCode = "200", description = "The entry",
            headers = @Header(name = "ETag", description = "The entry's version; send it as If-Match to edit or delete", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EntryResponse.class)))
    public Response get(@Parameter(description = "The entry's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") String id) {
        EntryResponse body = EntryResponse.of(reads.find(user.id(), RequestValues.uuid(id)));
        return Response.ok(body).tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(body.version()))).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateEntry", summary = "Edit an entry", description = "Send the ETag you read as If-Match; a stale one is 412, none is 428.")
    @APIResponse(responseCode = "200", description = "The entry as edited",
            headers = @Header(name = "ETag", description = "The entry's new version", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EntryResponse.class)))
    @APIResponse(responseCode = "412", description = "The entry changed since you read it, or If-Match is not its ETag (stale-version)")
    @APIResponse(responseCode = "428", description = "If-Match is missing (precondition-required)")
    @APIResponse(responseCode = "429", description = "You wrote a lot in a short time (too-many-requests); see Retry-After")
    public Response update(@Parameter(description = "The entry's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") String id,
                           @Parameter(description = "The ETag of the version you edited", required = true, schema = @Schema(type = SchemaType.STRING))
                           @HeaderParam("If-Match") String ifMatch,
                           @Valid @NotNull EntryRequest request) {
        String userId = user.id();
        UUID entryId = RequestValues.uuid(id);
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(Problem.of(428, "precondition-required", "If-Match is required",
                    "Send the ETag of the version you edited, so no edit is lost.",
                    List.of(new Problem.FieldError("If-Match", "is required"))));
        }
        long expected = RequestValues.version(ifMatch);
        EntryDraft draft = PracticeRules.validate(request.toInput(), clock, config.maxFutureSkew());
        EntryResponse body = EntryResponse.of(journal.revise(userId, user.orgId().orElse(null), entryId, expected, draft));
        return Response.ok(body).tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(body.version()))).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteEntry", summary = "Delete an entry", description = "With If-Match, only the version you read is deleted.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "412", description = "The entry changed since you read it (stale-version)")
    @APIResponse(responseCode = "429", description = "You wrote a lot in a short time (too-many-requests); see Retry-After")
    public Response delete(@Parameter(description = "The entry's id", schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id") String id,
                           @Parameter(description = "The ETag of the version you read (optional)", schema = @Schema(type = SchemaType.STRING))
                           @HeaderParam("If-Match") String ifMatch) {
        String userId = user.id();
        UUID entryId = RequestValues.uuid(id);
        Long expected = ifMatch == null || ifMatch.isBlank() ? null : RequestValues.version(ifMatch);
        journal.delete(userId, user.orgId().orElse(null), entryId, expected);
        return Response.noContent().build();
    }
}
