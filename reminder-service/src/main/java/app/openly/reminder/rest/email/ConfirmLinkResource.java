package app.openly.reminder.rest.email;

import app.openly.platform.i18n.Languages;
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
 * following links must not confirm anything); the button POSTs and confirms, once.
 */
@Path("/api/v1/notifications/email/confirm")
@Tag(name = "Notifications")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class ConfirmLinkResource {

    @Inject
    EmailAddresses addresses;
    @Inject
    LetterRenderer renderer;
    @Inject
    PersonLocales locales;

    @GET
    @Operation(operationId = "showEmailConfirmationPage", summary = "The page the confirmation link opens: asks before confirming")
    @APIResponse(responseCode = "200", description = "A page with a confirm button (HTML, in the language of the browser)",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public String ask(@Parameter(description = "The signed token from the link in the letter", schema = @Schema(type = SchemaType.STRING)) @QueryParam("token") String token, @HeaderParam("Accept-Language") String acceptLanguage) {
        Locale locale = Languages.fromAcceptLanguage(acceptLanguage);
        return renderer.page(locale, "page.confirm.title", LetterRenderer.MAIL.text(locale, "page.confirm.question"), "page.confirm.button",
                "/api/v1/notifications/email/confirm?token=" + URLEncoder.encode(token == null ? "" : token, StandardCharsets.UTF_8));
    }

    @POST
    @Operation(operationId = "confirmEmailAddress", summary = "Confirm the address the token was sent to (single use, 24 h)")
    @APIResponse(responseCode = "200", description = "Confirmed: a page that says so",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "Unknown, expired or used token: a page that says so (a page for a person's browser, not a problem)",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Response confirm(@Parameter(description = "The signed token from the link in the letter", schema = @Schema(type = SchemaType.STRING)) @QueryParam("token") String token, @HeaderParam("Accept-Language") String acceptLanguage) {
        var confirmed = addresses.confirm(token);
        Locale locale = confirmed.map(locales::localeOf).orElse(Languages.fromAcceptLanguage(acceptLanguage));
        String key = confirmed.isPresent() ? "page.confirm.done" : "page.confirm.invalid";
        return Response.status(confirmed.isPresent() ? 200 : 404)
                .entity(renderer.page(locale, "page.confirm.title", LetterRenderer.MAIL.text(locale, key), null, null))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }
}
