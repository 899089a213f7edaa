package app.openly.reminder.rest.notifications;

import app.openly.platform.problem.Problem;
import app.openly.platform.problem.ProblemException;
import app.openly.reminder.config.DeliveryConfig;
import app.openly.reminder.domain.delivery.StreamHub;
import app.openly.reminder.domain.delivery.StreamTickets;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The live stream of an open page (Server-Sent Events): reminders as they fall due, a heartbeat comment every
 * 20 s (proxies close silent connections; a dead client is noticed when a write fails), and clean-up when the
 * client leaves. Opened with a single-use ticket, since {@code EventSource} cannot send a bearer token.
 */
@Path("/api/v1/notifications/stream")
@Tag(name = "Notifications")
public class NotificationStreamResource {

    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-heartbeats");
        t.setDaemon(true);
        return t;
    });

    @Inject
    StreamTickets tickets;
    @Inject
    StreamHub hub;
    @Inject
    DeliveryConfig config;
    @Inject
    Clock clock;

    /** Longest ticket accepted (the ones we issue are far shorter; also documented). */
    static final int TICKET_MAX = 200;

    @GET
    @Blocking // the ticket is redeemed in a database transaction
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(operationId = "openNotificationStream", summary = "Your reminders as they fall due, as Server-Sent Events (event name 'reminder' or 'test'; data: {kind, title, body, url})")
    @APIResponse(responseCode = "200", description = "The stream; a ':heartbeat' comment every 20 s",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    @APIResponse(responseCode = "401", description = "No ticket, an unknown or expired one, or one used before (the stream it opened is closed)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> stream(@org.eclipse.microprofile.openapi.annotations.parameters.Parameter(description = "A ticket from POST /api/v1/notifications/stream-tickets",
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, maxLength = TICKET_MAX)) @QueryParam("ticket") String ticket, @Context Sse sse) {
        if (ticket != null && ticket.length() > TICKET_MAX) {
            throw app.openly.platform.problem.ProblemException.badField("ticket", "must be at most " + TICKET_MAX + " characters");
        }
        StreamTickets.Redeemed redeemed = tickets.redeem(ticket, clock.instant());
        if (redeemed instanceof StreamTickets.Reused reused) {
            hub.closeTicket(reused.ticketHash());
            throw refused("This ticket was used before; ask for a new one.");
        }
        if (!(redeemed instanceof StreamTickets.Valid valid)) {
            throw refused("Open the stream with a fresh ticket from POST /api/v1/notifications/stream-tickets.");
        }
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            StreamHub.Listener l = new StreamHub.Listener(valid.userId(), valid.ticketHash(),
                    json -> emitter.emit(event(sse, json)), emitter::complete);
            long period = config.stream().heartbeat().toMillis();
            ScheduledFuture<?> heartbeat = HEARTBEATS.scheduleAtFixedRate(
                    () -> emitter.emit(sse.newEventBuilder().comment("heartbeat").build()), period, period, TimeUnit.MILLISECONDS);
            // Cancelled (client gone), completed (ticket reused) or failed: the stream leaves the hub and its timer stops.
            emitter.onTermination(() -> {
                heartbeat.cancel(false);
                hub.closed(l);
            });
            hub.open(l);
            // A first comment at once, so the client (and any proxy) sees the stream is open.
            emitter.emit(sse.newEventBuilder().comment("open").build());
        });
    }

    private static OutboundSseEvent event(Sse sse, String json) {
        String name = json.contains("\"kind\":\"test\"") ? "test" : "reminder";
        return sse.newEventBuilder().name(name).mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, json).build();
    }

    private static ProblemException refused(String detail) {
        return new ProblemException(Problem.of(401, "unauthorized", "Sign-in needed", detail));
    }

}
