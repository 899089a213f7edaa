package app.openly.journal.rest;

import app.openly.journal.config.JournalConfig;
import app.openly.journal.domain.logic.InvitationCodes;
import app.openly.journal.domain.ritual.Pairing;
import app.openly.journal.domain.ritual.RitualReading;
import app.openly.platform.problem.ProblemException;
import app.openly.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * The nightly ritual with a partner: pairing by invitation code, tonight and the history of nights.
 * Only the person's active partnership is ever read: anyone else (a former partner, a third person, an
 * organization admin) gets 404.
 */
@Path("/api/v1/rituals")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rituals", description = "The nightly ritual with a partner: invitations, your partner, tonight and past nights")
public class RitualResource {

    private static final String PROBLEM = "application/problem+json";
    /** Nights per page of GET /rituals/history (also documented). */
    static final int HISTORY_DEFAULT = 14;
    static final int HISTORY_MAX = 60;
    /** Longest invitation code accepted (the code is 8 characters; case, spaces and dashes around it are forgiven). */
    static final int INVITATION_CODE_MAX = 64;

    @Inject
    Pairing pairing;
    @Inject
    RitualReading reading;
    @Inject
    CurrentUser user;
    @Inject
    JournalConfig config;

    @POST
    @Path("invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createRitualInvitation", summary = "Invite someone to be your ritual partner",
            description = "Returns an 8-character code (and a link form of it) that pairs once, within 24 hours. Send it to the person you trust.")
    @APIResponse(responseCode = "201", description = "The invitation; the code is shown only now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RitualResponses.Invitation.class)))
    @APIResponse(responseCode = "400", description = "displayName missing or too long", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "You already have a ritual partner (already-paired)", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "429", description = "Too many writes; see Retry-After", content = @Content(mediaType = PROBLEM))
    public Response invite(@Valid @NotNull RitualRequests.DisplayName request) {
        var invitation = pairing.invite(user.id(), request.displayName().strip());
        String code = InvitationCodes.display(invitation.code());
        return Response.status(201)
                .entity(new RitualResponses.Invitation(code, config.rituals().invitationLinkBase() + code, invitation.expiresAt())).build();
    }

    @POST
    @Path("invitations/{code}/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "acceptRitualInvitation", summary = "Accept an invitation and become ritual partners",
            description = "Case, spaces and dashes in the code do not matter. If you invited each other, accepting either pairs you and closes the other.")
    @APIResponse(responseCode = "200", description = "You are partners; the partner's chosen name")
    @APIResponse(responseCode = "400", description = "displayName missing or too long", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "Unknown code (invitation-unknown)", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "409", description = "Code already used (invitation-used), or you already have a partner (already-paired)",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "410", description = "Code expired (invitation-expired) or closed because its person paired (invitation-cancelled)",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "422", description = "Your own code (own-invitation)", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "429", description = "Too many attempts at codes, by you or by everyone; see Retry-After",
            content = @Content(mediaType = PROBLEM))
    public RitualResponses.Partner accept(@Parameter(description = "The invitation code, e.g. ABCD-EFGH", schema = @Schema(type = SchemaType.STRING, maxLength = INVITATION_CODE_MAX))
                                          @PathParam("code") String code, @Valid @NotNull RitualRequests.DisplayName request) {
        if (code.length() > INVITATION_CODE_MAX) {
            throw ProblemException.badField("code", "must be at most " + INVITATION_CODE_MAX + " characters");
        }
        return RitualResponses.Partner.of(pairing.accept(user.id(), request.displayName().strip(), code));
    }

    @GET
    @Path("partner")
    @Operation(operationId = "getRitualPartner", summary = "Your ritual partner: the name they chose, and since when")
    @APIResponse(responseCode = "200", description = "Your partner")
    @APIResponse(responseCode = "404", description = "You have no ritual partner", content = @Content(mediaType = PROBLEM))
    public RitualResponses.Partner partner() {
        return RitualResponses.Partner.of(pairing.partner(user.id()));
    }

    @DELETE
    @Path("partner")
    @Operation(operationId = "endRitualPartnership", summary = "End your ritual partnership, at once for both of you",
            description = "Neither of you sees the other's ritual text any more; each keeps their own entries. Your partner learns only that the partnership ended.")
    @APIResponse(responseCode = "204", description = "Unpaired")
    @APIResponse(responseCode = "404", description = "You have no ritual partner", content = @Content(mediaType = PROBLEM))
    public Response unpair() {
        pairing.unpair(user.id());
        return Response.noContent().build();
    }

    @GET
    @Path("tonight")
    @Operation(operationId = "getRitualTonight", summary = "Tonight's ritual: your entries and where your partner is",
            description = "A night is the date in your own zone with the day starting at 04:00. Your partner's text shows once both of you shared for the night.")
    @APIResponse(responseCode = "200", description = "Tonight")
    @APIResponse(responseCode = "400", description = "timeZone is not an IANA zone id", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "You have no ritual partner", content = @Content(mediaType = PROBLEM))
    public RitualResponses.Night tonight(@Parameter(description = "IANA zone of your night (default: the zone of your newest entry)",
            schema = @Schema(type = SchemaType.STRING, example = "Europe/Berlin", maxLength = EntryRequest.TIME_ZONE_MAX)) @QueryParam("timeZone") String timeZone) {
        ZoneId zone;
        try {
            zone = timeZone == null || timeZone.isBlank() ? reading.latestZoneOf(user.id()) : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw ProblemException.badField("timeZone", "is not an IANA time zone id, e.g. Europe/Berlin");
        }
        return RitualResponses.Night.of(reading.tonight(user.id(), zone));
    }

    @GET
    @Path("history")
    @Operation(operationId = "listRitualNights", summary = "Past ritual nights with your partner, newest first", description = "Pass nextCursor back as cursor for the next page.")
    @APIResponse(responseCode = "200", description = "A page of nights")
    @APIResponse(responseCode = "400", description = "A bad cursor or limit", content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "404", description = "You have no ritual partner", content = @Content(mediaType = PROBLEM))
    public RitualResponses.History history(
            @Parameter(description = "nextCursor of the page before", schema = @Schema(type = SchemaType.STRING, maxLength = EntryResource.CURSOR_MAX)) @QueryParam("cursor") String cursor,
            @Parameter(description = "Nights per page", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + HISTORY_MAX,
                    defaultValue = "" + HISTORY_DEFAULT)) @QueryParam("limit") String limit) {
        if (cursor != null && cursor.length() > EntryResource.CURSOR_MAX) {
            throw ProblemException.badField("cursor", "is not a nextCursor we gave");
        }
        int size = HISTORY_DEFAULT;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > HISTORY_MAX) {
                throw ProblemException.badField("limit", "must be a number from 1 to " + HISTORY_MAX);
            }
        }
        RitualReading.NightPage page = reading.history(user.id(), cursor, size);
        return new RitualResponses.History(page.partnerName(), page.items().stream().map(RitualResponses.Night::of).toList(), page.nextCursor());
    }
}
