package app.openly.reminder.rest.email;

import app.openly.platform.i18n.Languages;
import app.openly.platform.problem.Problem;
import app.openly.reminder.domain.email.EmailAddresses;
import app.openly.reminder.domain.email.LetterRenderer;
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
 * The link in the confirmation mail, without signing in: the token is the proof. GET only asks (a mail scanner
 * following links must not confirm anything; a used or expired link is told so at once); the button POSTs and
 * confirms, once. A browser gets a page; a client
 * that asks for {@code application/json} (an app opening the link itself) gets the same answer as {@link EmailLinkAnswer}
 * and its errors as problems (see {@link EmailLinkAnswer#prefersJson}).
 */
@Path("/api/v1/notifications/email/confirm")
@Tag(name = "Notifications")
@PermitAll
@Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
public class ConfirmLinkResource {

    @Inject
    EmailAddresses addresses;
    @Inject
    LetterRenderer renderer;
    @Inject
    PersonLocales locales;

    @GET
    @Operation(operationId = "showEmailConfirmationPage", summary = "The page the confirmation link opens: asks before confirming "
            + "(Accept: application/json: the same as JSON, status CONFIRMATION_ASKED)")
    @APIResponse(responseCode = "200", description = "Nothing confirmed yet: the question, with a confirm button that POSTs the same link "
            + "(as JSON: CONFIRMATION_ASKED; a page in the language of the browser by default)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EmailLinkAnswer.class),
                    example = EmailLinkAnswer.EXAMPLE_CONFIRMATION_ASKED),
                    @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "Unknown, expired or used token (nothing to ask): a problem (invalid-link) for a "
            + "client that asked for JSON, a page that says so for a person's browser",
            content = {@Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Problem.class),
                            example = EmailLinkAnswer.EXAMPLE_INVALID_LINK),
                    @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING))})
    public Response ask(@Parameter(description = "The signed token from the link in the letter", schema = @Schema(type = SchemaType.STRING)) @QueryParam("token") String token,
                        @HeaderParam("Accept-Language") String acceptLanguage, @HeaderParam("Accept") String accept) {
        var person = addresses.wouldConfirm(token);
        Locale locale = person.map(locales::localeOf).orElse(Languages.fromAcceptLanguage(acceptLanguage));
        if (person.isEmpty()) {
            return invalid(locale, accept); // said now rather than after the button: the POST's answer for this link
        }
        String question = LetterRenderer.MAIL.text(locale, "page.confirm.question");
        if (EmailLinkAnswer.prefersJson(accept)) {
            return EmailLinkAnswer.of(EmailLinkAnswer.CONFIRMATION_ASKED, null, question, locale).response(200);
        }
        return html(200, renderer.page(locale, "page.confirm.title", question, "page.confirm.button",
                "/api/v1/notifications/email/confirm?token=" + URLEncoder.encode(token == null ? "" : token, StandardCharsets.UTF_8)));
    }

    @POST
    @Operation(operationId = "confirmEmailAddress", summary = "Confirm the address the token was sent to (single use, 24 h)")
    @APIResponse(responseCode = "200", description = "Confirmed (as JSON: CONFIRMED; a page that says so by default)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EmailLinkAnswer.class),
                    example = EmailLinkAnswer.EXAMPLE_CONFIRMED),
                    @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "Unknown, expired or used token: a problem (invalid-link) for a client that asked for JSON, "
            + "a page that says so for a person's browser",
            content = {@Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Problem.class),
                            example = EmailLinkAnswer.EXAMPLE_INVALID_LINK),
                    @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING))})
    public Response confirm(@Parameter(description = "The signed token from the link in the letter", schema = @Schema(type = SchemaType.STRING)) @QueryParam("token") String token,
                            @HeaderParam("Accept-Language") String acceptLanguage, @HeaderParam("Accept") String accept) {
        var confirmed = addresses.confirm(token);
        Locale locale = confirmed.map(locales::localeOf).orElse(Languages.fromAcceptLanguage(acceptLanguage));
        if (confirmed.isEmpty()) {
            return invalid(locale, accept);
        }
        String message = LetterRenderer.MAIL.text(locale, "page.confirm.done");
        if (EmailLinkAnswer.prefersJson(accept)) {
            return EmailLinkAnswer.of(EmailLinkAnswer.CONFIRMED, null, message, locale).response(200);
        }
        return html(200, renderer.page(locale, "page.confirm.title", message, null, null));
    }

    /** A link that confirms nothing (unknown, expired or used): the invalid-link problem for JSON, else the page. */
    private Response invalid(Locale locale, String accept) {
        String message = LetterRenderer.MAIL.text(locale, "page.confirm.invalid");
        if (EmailLinkAnswer.prefersJson(accept)) {
            throw EmailLinkAnswer.invalidLink(message);
        }
        return html(404, renderer.page(locale, "page.confirm.title", message, null, null));
    }

    static Response html(int status, String page) {
        return Response.status(status).entity(page).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }
}
