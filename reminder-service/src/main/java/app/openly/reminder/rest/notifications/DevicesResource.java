package app.openly.reminder.rest.notifications;

import app.openly.platform.problem.Problem;
import app.openly.platform.problem.ProblemException;
import app.openly.platform.security.CurrentUser;
import app.openly.reminder.domain.delivery.ApnsChannel;
import app.openly.reminder.domain.delivery.DeviceTokens;
import app.openly.reminder.domain.delivery.DeviceTokens.Platform;
import app.openly.reminder.domain.delivery.FcmChannel;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A person's phones for mobile push: an Android app registers its FCM registration token, an iOS app its APNs
 * device token. The person is always the token's subject; another person's device answers 404.
 */
@Path("/api/v1/notifications/devices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
@APIResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class DevicesResource {

    /**
     * What a push token may look like on any platform, as documented (DeviceTokens checks each platform's own form:
     * FCM 32 to 4096 of these characters, APNs 64 to 200 hex digits, which are among them); DocumentedLimitsTest
     * posts these boundaries.
     */
    static final int TOKEN_MIN_LENGTH = 32;
    static final int TOKEN_MAX_LENGTH = 4096;
    static final String TOKEN_PATTERN = "^[A-Za-z0-9_:.-]+$";

    @Schema(description = "A phone's push token, as the app got it from FCM (Android) or APNs (iOS)")
    public record DeviceRegistration(
            // Checked by hand (not bean validation) so each refusal names its field with a reason: platform, then token.
            @Schema(required = true, type = SchemaType.STRING, enumeration = {"ANDROID", "IOS"}, description = "ANDROID (FCM) or IOS (APNs)") String platform,
            @Schema(required = true, minLength = TOKEN_MIN_LENGTH, maxLength = TOKEN_MAX_LENGTH, pattern = TOKEN_PATTERN,
                    description = "FCM registration token (ANDROID: 32 to 4096 characters of A-Z a-z 0-9 _ : . -), "
                            + "or APNs device token in hex (IOS: 64 to 200 hexadecimal digits)") String token) {
    }

    public record Device(UUID id, Platform platform, String token, Instant createdAt) {
    }

    public record DeviceList(List<Device> devices) {
    }

    @Inject
    CurrentUser user;
    @Inject
    DeviceTokens devices;
    @Inject
    FcmChannel fcm;
    @Inject
    ApnsChannel apns;
    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerDevice", summary = "Register a phone for push; the same token again keeps its id, a token registered by someone else on that phone becomes yours")
    @APIResponse(responseCode = "201", description = "Registered",
            headers = @org.eclipse.microprofile.openapi.annotations.headers.Header(name = "Location", description = "The device's address (for DELETE)",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(implementation = Device.class)))
    @APIResponse(responseCode = "400", description = "Not a usable registration (names the field: platform or token)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Push to this platform is not configured on this server",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(DeviceRegistration body) {
        String userId = user.id();
        if (body == null) {
            throw ProblemException.badField("platform", "is required");
        }
        Platform platform = Arrays.stream(Platform.values()).filter(p -> p.name().equals(body.platform())).findFirst()
                .orElseThrow(() -> ProblemException.badField("platform", "is ANDROID or IOS"));
        DeviceTokens.refusal(platform, body.token()).ifPresent(why -> {
            throw ProblemException.badField("token", why);
        });
        if (platform == Platform.ANDROID ? !fcm.enabled() : !apns.enabled()) {
            throw new ProblemException(Problem.of(503, "mobile-push-off", "Push to " + (platform == Platform.ANDROID ? "Android" : "iOS")
                    + " is not available", "This server has no credentials for " + (platform == Platform.ANDROID ? "FCM" : "APNs") + " configured."));
        }
        var d = devices.register(userId, platform, body.token(), clock.instant());
        return Response.created(URI.create("/api/v1/notifications/devices/" + d.deviceId())).entity(view(d)).build();
    }

    @GET
    @Operation(operationId = "listDevices", summary = "Your phones registered for push")
    @APIResponse(responseCode = "200", description = "Your devices")
    public DeviceList list() {
        return new DeviceList(devices.of(user.id()).stream().map(DevicesResource::view).toList());
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteDevice", summary = "Stop push to one phone")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "You have no device with that id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@Parameter(description = "The device's id", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                           @PathParam("id") String id) {
        String userId = user.id();
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("device");
        }
        if (!devices.delete(userId, uuid)) {
            throw ProblemException.notFound("device");
        }
        return Response.noContent().build();
    }

    private static Device view(DeviceTokens.Device d) {
        return new Device(d.deviceId(), d.platform(), d.token(), d.createdAt());
    }
}
