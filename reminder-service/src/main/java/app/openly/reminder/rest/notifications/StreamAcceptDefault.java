package app.openly.reminder.rest.notifications;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Locale;

/**
 * {@code GET /api/v1/notifications/stream} has two methods, the event stream and the JSON long poll
 * ({@link NotificationStreamResource}); between two methods a request without Accept, or with only a wildcard,
 * would be answered by whichever the router lists first. The stream was the only answer before the poll and stays
 * the default: a request that does not name application/json is asked to take the stream, before routing.
 */
public class StreamAcceptDefault {

    static final String STREAM = "/api/v1/notifications/stream";

    @ServerRequestFilter(preMatching = true)
    public void streamUnlessJsonIsNamed(ContainerRequestContext request) {
        if (!"GET".equals(request.getMethod()) || !STREAM.equals(request.getUriInfo().getRequestUri().getRawPath())) {
            return;
        }
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        String lower = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        if (lower.contains(MediaType.APPLICATION_JSON)) {
            return;
        }
        // only what the stream answered before: no Accept, */* or text/*; anything else stays as sent (406 as before)
        if (lower.isBlank() || lower.contains("*/*") || lower.contains("text/*")) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.SERVER_SENT_EVENTS);
        }
    }
}
