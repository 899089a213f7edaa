package app.openly.reminder.rest.notifications;

import app.openly.platform.problem.Problem;
import app.openly.platform.problem.ProblemException;
import app.openly.platform.security.CurrentUser;
import app.openly.reminder.domain.delivery.Channel;
import app.openly.reminder.domain.delivery.NotificationKind;
import app.openly.reminder.domain.delivery.NotificationRouting;
import app.openly.reminder.domain.delivery.ReminderDelivery;
import app.openly.reminder.domain.delivery.StreamHub;
import app.openly.reminder.domain.delivery.StreamTickets;
import app.openly.reminder.domain.delivery.WebPushSender;
import app.openly.reminder.domain.delivery.WebPushSubscriptions;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where a person's notifications go: Web Push subscriptions of their browsers, tickets for the live stream of an
 * open page, which kinds go to which channel, and a test notification. The person is always the token's subject.
 * <p>
 * Over 200 lines on purpose: eight small endpoints of one resource and their request/response records, most lines
 * being their OpenAPI documentation; the work is the domain's (subscriptions, tickets, routing, delivery), and what
 * is left here besides the endpoints is two small helpers (the Web Push check, the subscription view).
 */
@Path("/api/v1/notifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications", description = "Where your notifications go: browsers (Web Push), the live stream of an open page, per-kind routes, a test")
@APIResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class NotificationsResource {

    public record VapidPublicKey(@Schema(description = "applicationServerKey for pushManager.subscribe(), base64url") String publicKey) {
    }

    public record SubscriptionKeys(@NotNull @Schema(description = "The browser's P-256 public key, base64url") String p256dh,
                                   @NotNull @Schema(description = "The browser's 16-byte auth secret, base64url") String auth) {
    }

    @Schema(description = "The browser's PushSubscription as JSON (subscription.toJSON())")
    public record PushSubscriptionBody(
            @NotNull @Schema(description = "The push service's URL for this browser; only known push services are accepted",
                    example = "https://fcm.googleapis.com/fcm/send/dXZ...") String endpoint,
            @Schema(description = "Ignored; browsers report it, push services enforce it") Long expirationTime,
            @NotNull @Valid SubscriptionKeys keys) {
    }

    public record WebPushSubscription(UUID id, String endpoint, Instant createdAt) {
    }

    public record WebPushSubscriptionList(List<WebPushSubscription> subscriptions) {
    }

    public record StreamTicket(@Schema(description = "Opens GET /api/v1/notifications/stream?ticket= once, within expiresAt") String ticket,
                               Instant expiresAt) {
    }

    public record TestResult(@Schema(description = "WEB_PUSH, FCM, APNS or STREAM") String channel,
                             @Schema(description = "The subscription's or device's id (open pages: how many)") String target,
                             @Schema(description = "SENT, PRUNED (the vendor said it is gone; removed) or FAILED") String outcome,
                             @Schema(nullable = true) String detail) {
    }

    public record TestResults(List<TestResult> results) {
    }

    @Schema(description = "Which kinds of notification go to which channel; a kind left out or with [] goes nowhere. EMAIL (your "
            + "confirmed address) carries only WEEKLY_SUMMARY, the weekly letter; its one-click unsubscribe removes that route, and "
            + "confirming an address adds it")
    public record ChannelPreferences(@NotNull Map<NotificationKind, Set<Channel>> routes) {
    }

    @Inject
    CurrentUser user;
    @Inject
    WebPushSubscriptions subscriptions;
    @Inject
    WebPushSender sender;
    @Inject
    ReminderDelivery delivery;
    @Inject
    StreamTickets tickets;
    @Inject
    StreamHub hub;
    @Inject
    NotificationRouting routing;
    @Inject
    Clock clock;

    @GET
    @Path("vapid-public-key")
    @Operation(operationId = "getVapidPublicKey", summary = "The server's VAPID public key, to subscribe a browser with (applicationServerKey)")
    @APIResponse(responseCode = "200", description = "The key")
    @APIResponse(responseCode = "503", description = "Web Push is not configured on this server",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public VapidPublicKey vapidPublicKey() {
        user.id();
        requireWebPush();
        return new VapidPublicKey(sender.publicKey());
    }

    @POST
    @Path("web-push")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerWebPushSubscription", summary = "Register a browser's push subscription; the same endpoint again keeps its id")
    @APIResponse(responseCode = "201", description = "Registered",
            headers = @org.eclipse.microprofile.openapi.annotations.headers.Header(name = "Location", description = "The subscription",
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebPushSubscription.class)))
    @APIResponse(responseCode = "400", description = "Not a usable subscription (names the field, e.g. endpoint on a host that is not a known push service)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Web Push is not configured on this server",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(@Valid @NotNull PushSubscriptionBody body) {
        String userId = user.id();
        requireWebPush();
        delivery.endpoints().refusal(body.endpoint()).ifPresent(why -> {
            throw ProblemException.badField("endpoint", why);
        });
        try {
            WebPushSender.checkKeys(body.keys().p256dh(), body.keys().auth());
        } catch (RuntimeException e) {
            boolean auth = e.getMessage() != null && e.getMessage().startsWith("auth");
            throw auth ? ProblemException.badField("keys.auth", "is not a 16-byte base64url secret")
                    : ProblemException.badField("keys.p256dh", "is not a base64url uncompressed P-256 public key");
        }
        var s = subscriptions.register(userId, body.endpoint(), body.keys().p256dh(), body.keys().auth(), clock.instant());
        return Response.created(URI.create("/api/v1/notifications/web-push/" + s.id())).entity(view(s)).build();
    }

    @GET
    @Path("web-push")
    @Operation(operationId = "listWebPushSubscriptions", summary = "Your browsers registered for Web Push")
    @APIResponse(responseCode = "200", description = "Your subscriptions")
    public WebPushSubscriptionList list() {
        return new WebPushSubscriptionList(subscriptions.of(user.id()).stream().map(NotificationsResource::view).toList());
    }

    @DELETE
    @Path("web-push/{id}")
    @Operation(operationId = "deleteWebPushSubscription", summary = "Stop Web Push to one browser")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "You have no subscription with that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@org.eclipse.microprofile.openapi.annotations.parameters.Parameter(description = "The subscription's id",
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "uuid")) @PathParam("id") String id) {
        String userId = user.id();
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("subscription");
        }
        if (!subscriptions.delete(userId, uuid)) {
            throw ProblemException.notFound("subscription");
        }
        return Response.noContent().build();
    }

    @POST
    @Path("stream-tickets")
    @Operation(operationId = "createStreamTicket", summary = "A single-use ticket (valid 60 s) to open the live stream: EventSource cannot send a bearer token")
    @APIResponse(responseCode = "201", description = "The ticket", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StreamTicket.class)))
    public Response streamTicket() {
        var issued = tickets.issue(user.id(), clock.instant());
        return Response.status(201).entity(new StreamTicket(issued.ticket(), issued.expiresAt())).build();
    }

    @POST
    @Path("test")
    @Operation(operationId = "sendTestNotification", summary = "Send \"this is how your reminders will look\" to every active channel of yours at once")
    @APIResponse(responseCode = "200", description = "What each channel did; an empty list when none is active")
    public TestResults test() {
        String userId = user.id();
        List<TestResult> results = new ArrayList<>();
        for (var outcome : delivery.sendTest(userId)) {
            results.add(new TestResult(outcome.channel(), outcome.target(), outcome.status().name(), outcome.detail()));
        }
        int streams = hub.publish(userId, delivery.payload("test", delivery.testMessage(userId), null));
        if (streams > 0) {
            results.add(new TestResult(Channel.STREAM.name(), "open pages on this server: " + streams, "SENT", null));
        }
        return new TestResults(results);
    }

    @GET
    @Path("preferences")
    @Operation(operationId = "getNotificationRoutes", summary = "Which kinds (reminders, partner nudges, weekly summary) go to which channel; everything everywhere by default "
            + "(the weekly summary also to EMAIL: the weekly letter, once your address is confirmed)")
    @APIResponse(responseCode = "200", description = "Your routes")
    public ChannelPreferences preferences() {
        return new ChannelPreferences(routing.of(user.id()));
    }

    @PUT
    @Path("preferences")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceNotificationRoutes", summary = "Replace which kinds go to which channel")
    @APIResponse(responseCode = "200", description = "Your routes as stored")
    @APIResponse(responseCode = "400", description = "Unknown kind or channel, or EMAIL for a kind other than WEEKLY_SUMMARY (names the field)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ChannelPreferences updatePreferences(@Valid @NotNull ChannelPreferences body) {
        String userId = user.id();
        Map<NotificationKind, Set<Channel>> routes = new EnumMap<>(NotificationKind.class);
        for (var e : body.routes().entrySet()) {
            if (e.getKey() == null) {
                throw ProblemException.badField("routes", "names an unknown kind (REMINDERS, PARTNER_NUDGES, WEEKLY_SUMMARY)");
            }
            if (e.getValue() == null || e.getValue().contains(null)) {
                throw ProblemException.badField("routes." + e.getKey().name(), "is a list of channels (WEB_PUSH, STREAM, MOBILE_PUSH, EMAIL)");
            }
            if (e.getValue().stream().anyMatch(c -> !c.carries(e.getKey()))) {
                throw ProblemException.badField("routes." + e.getKey().name(), "goes to WEB_PUSH, STREAM or MOBILE_PUSH; EMAIL carries only WEEKLY_SUMMARY");
            }
            routes.put(e.getKey(), e.getValue());
        }
        return new ChannelPreferences(routing.replace(userId, routes, clock.instant()));
    }

    private void requireWebPush() {
        if (!sender.enabled()) {
            throw new ProblemException(Problem.of(503, "web-push-off", "Web Push is not available", "This server has no VAPID key pair configured."));
        }
    }

    private static WebPushSubscription view(app.openly.reminder.domain.delivery.WebPushSubscriptions.Subscription s) {
        return new WebPushSubscription(s.id(), s.endpoint(), s.createdAt());
    }
}
