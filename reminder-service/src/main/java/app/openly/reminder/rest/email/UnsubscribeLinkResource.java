package app.openly.reminder.rest.email;

import app.openly.platform.i18n.Languages;
import app.openly.platform.problem.Problem;
import app.openly.reminder.domain.email.EmailAddresses;
import app.openly.reminder.domain.email.LetterRenderer;
import app.openly.reminder.domain.email.WeeklyLetters;
import app.openly.reminder.domain.language.PersonLocales;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One-click unsubscribe (RFC 8058) from the link in a letter's {@code List-Unsubscribe} header and footer, without
 * signing in: the signed token names the person and the kind of letter. A mail client POSTs
 * {@code List-Unsubscribe=One-Click}; a person's browser GETs a page that asks, then POSTs. Immediate, per kind.
 * A client that asks for {@code application/json} (an app opening the link itself) gets the same answer as
 * {@link EmailLinkAnswer} and its errors as problems; everyone else gets the page (see {@link EmailLinkAnswer#prefersJson}).
 */
@Path("/api/v1/notifications/email/unsubscribe")
@Tag(name = "Notifications")
@PermitAll
@Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
public class UnsubscribeLinkResource {

    @Inject
    WeeklyLetters letters;
    @Inject
    EmailAddresses addresses;
    @Inject
    LetterRenderer renderer;
    @Inject
    PersonLocales locales;

    @GET
    @Operation(operationId = "showUnsubscribePage", summary = "The page the unsubscribe link opens: asks before stopping the letters "
            + "(Accept: application/json: the same as JSON, status UNSUBSCRIBE_ASKED)")
    @APIResponse(responseCode = "200", description = "Nothing stopped yet: the question, with a button that POSTs the same link "
            + "(as JSON: UNSUBSCRIBE_ASKED; a page by default)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EmailLinkAnswer.class),
                    example = EmailLinkAnswer.EXAMPLE_UNSUBSCRIBE_ASKED),
                    @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "Not a valid link: a problem (invalid-link) for a client that asked for JSON, "
            + "a page that says so for a person's browser",
            content = {@Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Problem.class),
                            example = EmailLinkAnswer.EXAMPLE_INVALID_LINK),
                    @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING))})
    public Response ask(@Parameter(description = "The signed token from the link in the letter", schema = @Schema(type = SchemaType.STRING)) @QueryParam("token") String token,
                        @HeaderParam("Accept-Language") String acceptLanguage, @HeaderParam("Accept") String accept) {
        boolean json = EmailLinkAnswer.prefersJson(accept);
        var valid = letters.links().verifyUnsubscribe(token);
        if (valid.isEmpty()) {
            return invalid(Languages.fromAcceptLanguage(acceptLanguage), json);
        }
        Locale locale = locales.localeOf(valid.get().userId());
        String kind = LetterRenderer.MAIL.text(locale, "kind." + valid.get().kind());
        String question = LetterRenderer.MAIL.text(locale, "page.unsubscribe.question", kind);
        if (json) {
            return EmailLinkAnswer.of(EmailLinkAnswer.UNSUBSCRIBE_ASKED, valid.get().kind(), question, locale).response(200);
        }
        return ConfirmLinkResource.html(200, renderer.page(locale, "page.unsubscribe.title", question,
                "page.unsubscribe.button", "/api/v1/notifications/email/unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
    }

    @POST
    @Operation(operationId = "unsubscribeFromLetters", summary = "Stop this kind of letter at once (RFC 8058 one-click: body List-Unsubscribe=One-Click, or the page's button)")
    @APIResponse(responseCode = "200", description = "Stopped (as JSON: UNSUBSCRIBED; a page that says so by default)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EmailLinkAnswer.class),
                    example = EmailLinkAnswer.EXAMPLE_UNSUBSCRIBED),
                    @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "Not a valid link: a problem (invalid-link) for a client that asked for JSON, "
            + "a page that says so for a person's browser",
            content = {@Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Problem.class),
                            example = EmailLinkAnswer.EXAMPLE_INVALID_LINK),
                    @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING))})
    public Response unsubscribe(@Parameter(description = "The signed token from the link in the letter", schema = @Schema(type = SchemaType.STRING)) @QueryParam("token") String token,
                                @HeaderParam("Accept-Language") String acceptLanguage, @HeaderParam("Accept") String accept) {
        boolean json = EmailLinkAnswer.prefersJson(accept);
        var valid = letters.links().verifyUnsubscribe(token);
        if (valid.isEmpty() || !valid.get().kind().equals(WeeklyLetters.KIND)) {
            return invalid(Languages.fromAcceptLanguage(acceptLanguage), json);
        }
        // Done whether or not an address is still there: the answer never tells whether the person has one.
        // The same route GET /notifications/preferences shows: WEEKLY_SUMMARY no longer goes to EMAIL.
        addresses.unsubscribe(valid.get().userId(), app.openly.reminder.domain.delivery.NotificationKind.WEEKLY_SUMMARY);
        Locale locale = locales.localeOf(valid.get().userId());
        String kind = LetterRenderer.MAIL.text(locale, "kind." + valid.get().kind());
        String done = LetterRenderer.MAIL.text(locale, "page.unsubscribe.done", kind);
        if (json) {
            return EmailLinkAnswer.of(EmailLinkAnswer.UNSUBSCRIBED, valid.get().kind(), done, locale).response(200);
        }
        return ConfirmLinkResource.html(200, renderer.page(locale, "page.unsubscribe.title", done, null, null));
    }

    private Response invalid(Locale locale, boolean json) {
        String message = LetterRenderer.MAIL.text(locale, "page.unsubscribe.invalid");
        if (json) {
            throw EmailLinkAnswer.invalidLink(message);
        }
        return ConfirmLinkResource.html(404, renderer.page(locale, "page.unsubscribe.title", message, null, null));
    }
}
