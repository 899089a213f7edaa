package app.openly.journal.rest;

import app.openly.events.Practice;
import app.openly.journal.config.JournalConfig;
import app.openly.journal.domain.EntryDraft;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/entries")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class EntryResource {

    public record EntryPage(List<EntryResponse> items, String nextCursor) {
    }

    @Inject
    JournalService journal;
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
    @Operation(summary = "Record an entry of one of the five practices",
            description = "Send Idempotency-Key to make retries safe: the same key returns the same entry.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "HONEST_SENTENCE", value = """
                    {"practice":"HONEST_SENTENCE","occurredAt":"2026-11-24T13:05:00+01:00","timeZone":"Europe/Berlin","sentence":"I told my sister I've been lonely since the move.","sharedWith":"my sister","shared":true,"courage":4,"feeling":"NERVOUS"}"""),
            @ExampleObject(name = "PRESENT_LISTENING", value = """
                    {"practice":"PRESENT_LISTENING","occurredAt":"2026-11-24T18:30:00+01:00","timeZone":"Europe/Berlin","listenedTo":"a close friend","minutes":20,"urgeToFix":7,"heard":"She wanted to be heard, not fixed."}"""),
            @ExampleObject(name = "RITUAL_OF_OPENNESS", value = """
                    {"practice":"RITUAL_OF_OPENNESS","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","kind":"GRATITUDE","text":"Thank you for making tea when I came home late."}"""),
            @ExampleObject(name = "INNER_CRITIC_REFRAME", value = """
                    {"practice":"INNER_CRITIC_REFRAME","occurredAt":"2026-11-24T16:00:00+01:00","timeZone":"Europe/Berlin","whisper":"Everyone will see I'm a fraud.","reframe":"It's safe to be real.","intensityBefore":8,"intensityAfter":4}"""),
            @ExampleObject(name = "BODY_ANCHOR", value = """
                    {"practice":"BODY_ANCHOR","occurredAt":"2026-11-24T07:30:00+01:00","timeZone":"Europe/Berlin","breaths":10,"handOnHeart":true,"calmBefore":3,"calmAfter":7}""")}))
    public Response create(@Valid @NotNull EntryRequest request,
                           @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @Context UriInfo uri) {
        String userId = user.id();
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 100)) {
            throw ProblemException.badField("Idempotency-Key", "must be 1 to 100 characters");
        }
        EntryDraft draft = PracticeRules.validate(request.toInput(), clock, config.maxFutureSkew());
        // Timed outside the @Transactional method so the commit counts: the benchmark splits this
        // time into crypto, themes and (the rest) database.
        var saved = writeTimer.record(() -> journal.record(userId, user.orgId().orElse(null), draft, idempotencyKey,
                idempotencyKey == null ? null : RequestValues.hash(request)));
        EntryResponse body = EntryResponse.of(saved);
        return Response.created(uri.getBaseUriBuilder().path("api/v1/entries").path(body.id().toString()).build())
                .tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(body.version())))
                .entity(body).build();
    }

    @GET
    @Operation(summary = "Your entries, newest first", description = "Pass nextCursor back as cursor for the next page.")
    public EntryPage list(@QueryParam("practice") String practice, @QueryParam("from") String from,
                          @QueryParam("to") String to, @QueryParam("cursor") String cursor,
                          @QueryParam("limit") String limit) {
        Practice p = QueryParams.oneOf(Practice.class, "practice", practice, null, "is not one of the five practices");
        int size = QueryParams.wholeNumber("limit", limit, 20, 1, 100, "must be a number from 1 to 100");
        LocalDate start = QueryParams.date("from", from, null);
        LocalDate end = QueryParams.date("to", to, null);
        if (start != null && end != null && end.isBefore(start)) {
            throw ProblemException.badField("to", "is before from");
        }
        var page = journal.list(user.id(), p, start, end, cursor, size);
        return new EntryPage(page.items().stream().map(EntryResponse::of).toList(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        EntryResponse body = EntryResponse.of(journal.find(user.id(), RequestValues.uuid(id)));
        return Response.ok(body).tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(body.version()))).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit an entry", description = "Send the ETag you read as If-Match; a stale one is 412, none is 428.")
    public Response update(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
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
    public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        String userId = user.id();
        UUID entryId = RequestValues.uuid(id);
        Long expected = ifMatch == null || ifMatch.isBlank() ? null : RequestValues.version(ifMatch);
        journal.delete(userId, user.orgId().orElse(null), entryId, expected);
        return Response.noContent().build();
    }
}
