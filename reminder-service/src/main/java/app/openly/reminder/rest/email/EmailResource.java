package app.openly.reminder.rest.email;

import app.openly.platform.problem.Problem;
import app.openly.platform.problem.ProblemException;
import app.openly.platform.security.CurrentUser;
import app.openly.reminder.config.EmailConfig;
import app.openly.reminder.domain.email.EmailAddressStore;
import app.openly.reminder.domain.email.EmailAddresses;
import app.openly.reminder.domain.email.LetterRenderer;
import app.openly.reminder.domain.email.MailOut;
import app.openly.reminder.domain.language.PersonLocales;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A person's address for letters, with double opt-in. */
@Path("/api/v1/notifications/email")
@Tag(name = "Notifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class EmailResource {

    private static final Logger LOG = Logger.getLogger(EmailResource.class);
    /** Deliberately plain: one @, no spaces or line breaks (header injection), a dot in the domain; the confirmation proves the rest. */
    static final String ADDRESS_PATTERN = "^[^@\\s<>\",;:()\\[\\]\\\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$";
    private static final Pattern ADDRESS = Pattern.compile(ADDRESS_PATTERN);
    /** RFC 5321's limit of a path; the document says so too (AddressBody). */
    static final int ADDRESS_MAX_LENGTH = 254;

    public record AddressBody(@NotNull @Schema(description = "Where your letters should go (surrounding spaces are ignored)", example = "ana@example.org",
            maxLength = ADDRESS_MAX_LENGTH, pattern = ADDRESS_PATTERN) String address) {
    }

    @Schema(description = "Your address for letters; nothing but the confirmation mail goes to it until you confirm it")
    public record EmailView(@Schema(required = true, maxLength = ADDRESS_MAX_LENGTH) String address,
                            @Schema(required = true, description = "PENDING until you follow the link in the confirmation mail, then CONFIRMED",
                                    enumeration = {"PENDING", "CONFIRMED"}) String status,
                            @Schema(nullable = true, description = "When you confirmed it; null while PENDING") Instant confirmedAt,
                            @Schema(required = true, description = "Kinds of letter that do not come to this address (e.g. WEEKLY_SUMMARY after its one-click "
                                    + "unsubscribe): the kinds whose routes in /notifications/preferences leave out EMAIL") List<String> unsubscribedKinds) {
        static EmailView of(EmailAddressStore.StoredAddress a, List<String> unsubscribedKinds) {
            return new EmailView(a.address(), a.confirmed() ? "CONFIRMED" : "PENDING", a.confirmedAt(), unsubscribedKinds);
        }
    }

    @Inject
    CurrentUser user;
    @Inject
    EmailAddresses addresses;
    @Inject
    PersonLocales locales;
    @Inject
    LetterRenderer renderer;
    @Inject
    MailOut mail;
    @Inject
    EmailConfig config;

    @GET
    @Operation(operationId = "getEmailAddress", summary = "Your address for letters and whether it is confirmed")
    @APIResponse(responseCode = "200", description = "Your address")
    @APIResponse(responseCode = "404", description = "You have not given an address",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EmailView address() {
        return addresses.of(user.id()).map(a -> EmailView.of(a, addresses.unsubscribedKinds(a.userId()))).orElseThrow(() -> ProblemException.notFound("e-mail address"));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setEmailAddress", summary = "Give or change your address: a confirmation mail with a single-use link (24 h) goes to it, and nothing "
            + "else until you confirm. Confirming it, or giving your confirmed address again, sends the weekly summary to it again "
            + "(its EMAIL route in /notifications/preferences).")
    @APIResponse(responseCode = "202", description = "PENDING: the confirmation mail is on its way",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EmailView.class)))
    @APIResponse(responseCode = "200", description = "CONFIRMED: it is already your confirmed address",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EmailView.class)))
    @APIResponse(responseCode = "400", description = "address is not an e-mail address",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Three confirmation mails in 24 hours already; Retry-After says when",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The mail server did not take the confirmation mail; try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response enter(@NotNull AddressBody body, @HeaderParam("Accept-Language") String acceptLanguage) {
        String address = body.address() == null ? "" : body.address().trim();
        if (address.length() > ADDRESS_MAX_LENGTH || !ADDRESS.matcher(address).matches()) {
            throw ProblemException.badField("address", "is an e-mail address such as ana@example.org");
        }
        var locale = locales.onFirstUse(user.id(), acceptLanguage);
        EmailAddresses.Entered entered;
        try {
            entered = addresses.enter(user.id(), address);
        } catch (EmailAddresses.TooManyConfirmationsException e) {
            long seconds = Math.max(1, java.time.Duration.between(Instant.now(), e.retryAt).toSeconds());
            throw new ProblemException(Problem.of(429, "too-many-confirmations", "Too many confirmation mails",
                    "A confirmation mail went out several times today; please use the newest one, or try again later."),
                    Map.of("Retry-After", Long.toString(seconds)));
        }
        if (entered.confirmationToken().isEmpty()) {
            return Response.ok(EmailView.of(entered.address(), addresses.unsubscribedKinds(user.id()))).build();
        }
        // Sent after the commit, outside the transaction: the stored token is valid when the mail arrives.
        String link = config.linkBase() + "/api/v1/notifications/email/confirm?token="
                + URLEncoder.encode(entered.confirmationToken().get(), StandardCharsets.UTF_8);
        var confirmation = renderer.confirmation(locale, link, config.confirmationLifetime().toHours());
        // Two tries: a send that timed out once (seen now and then against the test mail server) usually goes
        // through at once on the next connection, and the person should not have to press again for that.
        for (int attempt = 1; ; attempt++) {
            try {
                mail.send(address, confirmation, Map.of());
                break;
            } catch (RuntimeException e) {
                LOG.warnf("confirmation mail for %s not accepted by the mail server (attempt %d): %s", user.id(), attempt,
                        e.getClass().getSimpleName());
                if (attempt == 2) {
                    throw new ProblemException(Problem.of(503, "mail-unavailable", "The confirmation mail could not be sent",
                            "The mail server did not take it; please try again in a moment."));
                }
            }
        }
        return Response.accepted(EmailView.of(entered.address(), addresses.unsubscribedKinds(user.id()))).build();
    }

    @DELETE
    @Operation(operationId = "deleteEmailAddress", summary = "Forget your address: no more letters")
    @APIResponse(responseCode = "204", description = "Forgotten")
    @APIResponse(responseCode = "404", description = "You have not given an address",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response remove() {
        if (!addresses.remove(user.id())) {
            throw ProblemException.notFound("e-mail address");
        }
        return Response.noContent().build();
    }
}
