package app.openly.journal.rest;

import app.openly.journal.domain.JournalService;
import app.openly.platform.problem.ProblemException;
import app.openly.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.UUID;

@Path("/api/v1/entries")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class EntryResource {

    @Inject
    JournalService journal;
    @Inject
    CurrentUser user;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull CreateEntryRequest request, @Context UriInfo uri) {
        ZoneId zone = parseZone(request.timeZone());
        var entry = journal.record(user.id(), user.orgId().orElse(null), request.practice(), request.occurredAt(), zone);
        return Response.created(uri.getAbsolutePathBuilder().path(entry.id.toString()).build())
                .entity(EntryResponse.of(entry)).build();
    }

    @GET
    @Path("{id}")
    public EntryResponse get(@PathParam("id") UUID id) {
        return EntryResponse.of(journal.find(user.id(), id));
    }

    static ZoneId parseZone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw ProblemException.badField("timeZone", "is not an IANA time zone id, e.g. Europe/Berlin");
        }
    }
}
