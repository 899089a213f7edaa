package app.openly.reminder.rest.notifications;

import app.openly.platform.problem.Problem;
import app.openly.platform.problem.ProblemException;
import app.openly.reminder.config.DeliveryConfig;
import app.openly.reminder.domain.delivery.StreamHub;
import app.openly.reminder.domain.delivery.StreamTickets;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The live stream of an open page (Server-Sent Events): reminders as they fall due, a heartbeat comment every
 * 20 s (proxies close silent connections; a dead client is noticed when a write fails), and clean-up when the
 * client leaves. Opened with a single-use ticket, since {@code EventSource} cannot send a bearer token.
 * <p>
 * The same address asked for {@code application/json} is a long poll, for a client that cannot hold a stream open:
 * it listens exactly as a stream does (same ticket, same hub, the same notification objects as the events' data) and
 * answers as soon as a notification arrives, or with none after {@code stream.poll-wait}. Nothing is stored for
 * later: what falls due while no stream or poll is open goes to the person's other channels, as it does today.
 */
@Path("/api/v1/notifications/stream")
@Tag(name = "Notifications")
public class NotificationStreamResource {

    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-heartbeats");
        t.setDaemon(true);
        return t;
    });

    @Schema(name = "StreamNotification", description = "One notification: the data of a stream's event, an item of a poll's answer")
    public record StreamNotification(@Schema(required = true, description = "reminder, test or partner-nudge (the stream's event name: test for test, else reminder)") String kind,
                                     @Schema(required = true) String title,
                                     @Schema(required = true, description = "A template sentence in your language, never your words") String body,
                                     @Schema(required = true, description = "Where in the app it leads") String url,
                                     @Schema(format = "uuid", description = "The reminder it is about; absent for other kinds") String reminderId) {
    }

    @Schema(name = "NotificationPoll", description = "What arrived while the poll waited: one or more notifications, or none after the wait")
    public record NotificationPoll(@Schema(required = true) List<StreamNotification> notifications) {
    }

    static final String EXAMPLE_POLL = "{\"notifications\":[{\"kind\":\"reminder\",\"title\":\"Openly\",\"body\":\"One honest sentence "
            + "about today?\",\"url\":\"https://openly.app/?reminder=0b6f3c1e-6a51-4a8e-9a51-7d0c2f1e9b3a\","
            + "\"reminderId\":\"0b6f3c1e-6a51-4a8e-9a51-7d0c2f1e9b3a\"}]}";

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
    @Operation(operationId = "openNotificationStream", summary = "Your reminders as they fall due, as Server-Sent Events (event name 'reminder' or 'test'; "
            + "data: {kind, title, body, url}); asked for as application/json, a long poll: the notifications that arrive within 20 s")
    @APIResponse(responseCode = "200", description = "text/event-stream: the stream, with a ':heartbeat' comment every 20 s. application/json: "
            + "a long poll, answered as soon as a notification arrives, or with none after 20 s; each poll needs a new ticket",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NotificationPoll.class),
                    example = EXAMPLE_POLL),
                    @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))})
    @APIResponse(responseCode = "401", description = "No ticket, an unknown or expired one, or one used before (the stream or poll it opened is closed)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> stream(@org.eclipse.microprofile.openapi.annotations.parameters.Parameter(description = "A ticket from POST /api/v1/notifications/stream-tickets",
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, maxLength = TICKET_MAX)) @QueryParam("ticket") String ticket, @Context Sse sse) {
        StreamTickets.Valid valid = redeem(ticket);
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

    /**
     * The long poll: listens like a stream until the first notification (then answers it, with any that came with it),
     * until {@code poll-wait} (then answers none), or until its ticket is presented again (answers what it has).
     * Documented with {@link #stream}: one operation, two media types.
     */
    @GET
    @Blocking // the ticket is redeemed in a database transaction; the wait itself holds no thread
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<Response> poll(@QueryParam("ticket") String ticket) {
        StreamTickets.Valid valid = redeem(ticket);
        List<String> arrived = new ArrayList<>();
        CompletableFuture<Void> answered = new CompletableFuture<>();
        StreamHub.Listener l = new StreamHub.Listener(valid.userId(), valid.ticketHash(), json -> {
            synchronized (arrived) {
                arrived.add(json);
            }
            answered.complete(null);
        }, () -> answered.complete(null));
        ScheduledFuture<?> timeout = HEARTBEATS.schedule(() -> answered.complete(null), config.stream().pollWait().toMillis(), TimeUnit.MILLISECONDS);
        hub.open(l);
        return Uni.createFrom().completionStage(answered.thenApply(v -> {
            timeout.cancel(false);
            hub.closed(l);
            synchronized (arrived) {
                // the objects are the stream's data as they are (JSON written by the delivery), so they are joined, not re-read
                return Response.ok("{\"notifications\":[" + String.join(",", arrived) + "]}", MediaType.APPLICATION_JSON_TYPE).build();
            }
        }));
    }

    /** The ticket's person and hash; a reused ticket also ends the stream or poll it opened. */
    private StreamTickets.Valid redeem(String ticket) {
        if (ticket != null && ticket.length() > TICKET_MAX) {
            throw ProblemException.badField("ticket", "must be at most " + TICKET_MAX + " characters");
        }
        StreamTickets.Redeemed redeemed = tickets.redeem(ticket, clock.instant());
        if (redeemed instanceof StreamTickets.Reused reused) {
            hub.closeTicket(reused.ticketHash());
            throw refused("This ticket was used before; ask for a new one.");
        }
        if (!(redeemed instanceof StreamTickets.Valid valid)) {
            throw refused("Open the stream with a fresh ticket from POST /api/v1/notifications/stream-tickets.");
        }
        return valid;
    }

    private static OutboundSseEvent event(Sse sse, String json) {
        String name = json.contains("\"kind\":\"test\"") ? "test" : "reminder";
        return sse.newEventBuilder().name(name).mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, json).build();
    }

    private static ProblemException refused(String detail) {
        return new ProblemException(Problem.of(401, "unauthorized", "Sign-in needed", detail));
    }

}
