package app.openly.reminder.rest.email;

import app.openly.platform.problem.Problem;
import app.openly.platform.problem.ProblemException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Locale;

/**
 * What the page of a letter's link tells the person, for an app that opens the link itself and asks for
 * {@code application/json}: a stable {@code status} for code, the page's sentence for people. Which of the two a
 * request gets is {@link #prefersJson}'s choice; a browser (and a mail client's one-click POST) always gets the page.
 */
@Schema(name = "EmailLinkAnswer", description = "What the page of a letter's link says, as JSON (Accept: application/json): a stable status for "
        + "code and the page's sentence in the person's language")
public record EmailLinkAnswer(
        @Schema(required = true, description = "CONFIRMATION_ASKED (GET of a confirmation link: nothing happened yet; POST the same link "
                + "to confirm), CONFIRMED, UNSUBSCRIBE_ASKED (GET of an unsubscribe link: POST the same link to stop the letters), UNSUBSCRIBED",
                enumeration = {"CONFIRMATION_ASKED", "CONFIRMED", "UNSUBSCRIBE_ASKED", "UNSUBSCRIBED"}) String status,
        @Schema(nullable = true, maxLength = 40, description = "The kind of letter an unsubscribe link is about (WEEKLY_SUMMARY); null for a "
                + "confirmation link") String kind,
        @Schema(required = true, maxLength = 500, description = "The sentence the page shows, in the person's language") String message,
        @Schema(required = true, description = "The language of message (en, de, es, fr)", enumeration = {"en", "de", "es", "fr"}) String locale) {

    static final String CONFIRMATION_ASKED = "CONFIRMATION_ASKED";
    static final String CONFIRMED = "CONFIRMED";
    static final String UNSUBSCRIBE_ASKED = "UNSUBSCRIBE_ASKED";
    static final String UNSUBSCRIBED = "UNSUBSCRIBED";

    /** The examples the document shows; kept next to the record so they stay true to it. */
    static final String EXAMPLE_CONFIRMED = "{\"status\":\"CONFIRMED\",\"kind\":null,\"message\":\"Thank you. Your address is confirmed; "
            + "your weekly letter will arrive on a calm morning.\",\"locale\":\"en\"}";
    static final String EXAMPLE_CONFIRMATION_ASKED = "{\"status\":\"CONFIRMATION_ASKED\",\"kind\":null,\"message\":\"Would you like Openly "
            + "to send letters to this address?\",\"locale\":\"en\"}";
    static final String EXAMPLE_UNSUBSCRIBED = "{\"status\":\"UNSUBSCRIBED\",\"kind\":\"WEEKLY_SUMMARY\",\"message\":\"Done. You will not "
            + "receive the weekly letter by e-mail anymore. You can turn it on again in your settings at any time.\",\"locale\":\"en\"}";
    static final String EXAMPLE_UNSUBSCRIBE_ASKED = "{\"status\":\"UNSUBSCRIBE_ASKED\",\"kind\":\"WEEKLY_SUMMARY\",\"message\":\"Would you like "
            + "to stop receiving the weekly letter by e-mail?\",\"locale\":\"en\"}";
    static final String EXAMPLE_INVALID_LINK = "{\"type\":\"https://openly.app/problems/invalid-link\",\"title\":\"This link is not valid\","
            + "\"status\":404,\"detail\":\"This link is not valid. You can change your letters in your settings at any time.\"}";

    static EmailLinkAnswer of(String status, String kind, String message, Locale locale) {
        return new EmailLinkAnswer(status, kind, message, locale.getLanguage());
    }

    Response response(int status) {
        return Response.status(status).entity(this).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** An unknown, expired, forged or used link, for a client that asked for JSON: a problem like every other error. */
    static ProblemException invalidLink(String detail) {
        return new ProblemException(Problem.of(404, "invalid-link", "This link is not valid", detail));
    }

    /**
     * Whether a request with this {@code Accept} header gets the JSON answer rather than the page: only when it names
     * {@code application/json} itself, at a quality above the page's (text/html, text/* or *&#47;*) or equal to it and
     * named before text/html. A browser never names application/json, and a mail client's RFC 8058 POST sends no
     * Accept or *&#47;*: both keep getting the page, exactly as before there was a JSON answer.
     */
    static boolean prefersJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double json = -1;
        double html = 0;
        int htmlSpecificity = -1;
        int jsonAt = -1;
        int htmlAt = -1;
        String[] ranges = accept.split(",");
        for (int i = 0; i < ranges.length; i++) {
            String[] parts = ranges[i].split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            if (type.equals(MediaType.APPLICATION_JSON) && json < 0) {
                json = q;
                jsonAt = i;
            }
            int specificity = type.equals(MediaType.TEXT_HTML) ? 2 : type.equals("text/*") ? 1 : type.equals("*/*") ? 0 : -1;
            if (specificity > htmlSpecificity) {
                htmlSpecificity = specificity;
                html = q;
                htmlAt = specificity == 2 ? i : -1;
            }
        }
        if (json <= 0) {
            return false;
        }
        return json > html || (json == html && (htmlAt < 0 || jsonAt < htmlAt));
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 1;
                }
            }
        }
        return 1;
    }
}
