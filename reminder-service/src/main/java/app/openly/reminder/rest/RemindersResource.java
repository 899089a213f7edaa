package app.openly.reminder.rest;

import app.openly.events.Practice;
import app.openly.platform.problem.ProblemException;
import app.openly.platform.security.CurrentUser;
import app.openly.reminder.domain.PreferencesStore;
import app.openly.reminder.domain.ReminderService;
import app.openly.reminder.domain.logic.Preferences;
import io.quarkus.security.Authenticated;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A person's reminder preferences, their upcoming reminders, and how they answered one. */
@Path("/api/v1/reminders")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RemindersResource {

    /** The local window reminders of one practice may fall in, e.g. 21:00–22:30. */
    public record Window(@NotNull @Schema(example = "21:00") LocalTime start, @NotNull @Schema(example = "22:30") LocalTime end) {
    }

    /** Quiet hours: no reminder in between; may wrap past midnight (22:30–07:30). */
    public record QuietHours(@NotNull @Schema(example = "22:30") LocalTime start, @NotNull @Schema(example = "07:30") LocalTime end) {
    }

    @Schema(description = "Which practices to be reminded of, when, and how often. PUT replaces the whole document; PATCH (merge patch) changes part of it.")
    public record PreferencesBody(
            @NotNull @Schema(description = "IANA zone reminders are planned in", example = "Europe/Berlin") String timeZone,
            @NotNull @Schema(description = "When true, the zone follows the zone of your newest entry (travel)") Boolean followEntryTimeZone,
            @NotNull @Schema(description = "The practices to be reminded of, each with its window; leave one out to not be reminded of it")
            Map<Practice, @NotNull @Valid Window> practices,
            @NotNull @Size(max = 7) Set<@NotNull DayOfWeek> days,
            @Valid QuietHours quietHours,
            @NotNull @Min(0) @Max(10) @Schema(description = "Reminders a day in all", example = "2") Integer dailyCap,
            @Schema(description = "No reminders up to and including this local date (vacation)", example = "2026-12-31") LocalDate pausedUntil) {
    }

    public record UpcomingReminder(UUID id, Practice practice, Instant at, LocalDate localDate, LocalTime localTime, String timeZone,
                                   String reason, String message) {
    }

    public record UpcomingReminders(List<UpcomingReminder> reminders) {
    }

    public record ResponseBody(@NotNull ReminderService.Response response,
                               @Min(5) @Max(720) @Schema(description = "With SNOOZED only: remind again after this many minutes", example = "30")
                               Integer minutes) {
    }

    @Inject
    CurrentUser user;
    @Inject
    ReminderService reminders;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper mapper;
    @Inject
    Validator validator;
    @Inject
    app.openly.reminder.domain.delivery.DeliveryLedger deliveries;

    @GET
    @Path("preferences")
    @Operation(summary = "Your reminder preferences (gentle defaults until you change them)")
    public PreferencesBody preferences() {
        return view(reminders.preferencesOf(user.id()));
    }

    @PUT
    @Path("preferences")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace your reminder preferences; upcoming reminders are re-planned at once")
    public PreferencesBody updatePreferences(@Valid @NotNull PreferencesBody body) {
        return view(reminders.updatePreferences(user.id(), toPreferences(body), body.followEntryTimeZone(), clock.instant()));
    }

    /** RFC 7396 JSON Merge Patch. */
    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    @PATCH
    @Path("preferences")
    @Consumes({MERGE_PATCH_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change part of your reminder preferences (JSON Merge Patch): send only what changes, e.g. "
            + "{\"pausedUntil\":\"2026-12-31\"}; null removes pausedUntil, quietHours or one practice's reminders")
    public PreferencesBody patchPreferences(@NotNull JsonNode patch) {
        if (!patch.isObject()) {
            throw ProblemException.badField("body", "must be a JSON object of the fields to change");
        }
        return view(reminders.changePreferences(user.id(), current -> {
            PreferencesBody body = merged(view(current), (ObjectNode) patch);
            Set<ConstraintViolation<PreferencesBody>> violations = validator.validate(body);
            if (!violations.isEmpty()) {
                var first = violations.stream().min(java.util.Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
                throw ProblemException.badField(first.getPropertyPath().toString(), first.getMessage());
            }
            return new PreferencesStore.Stored(toPreferences(body), body.followEntryTimeZone());
        }, clock.instant()));
    }

    /** The current preferences with the patch applied (RFC 7396: objects merge, null removes, anything else replaces). */
    private PreferencesBody merged(PreferencesBody current, ObjectNode patch) {
        try {
            return mapper.treeToValue(mergePatch(mapper.valueToTree(current), patch), PreferencesBody.class);
        } catch (JsonProcessingException e) {
            // Answered like the same mistake in a PUT body (unknown field, wrong type), naming the field.
            throw new WebApplicationException(e, 400);
        }
    }

    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        });
        return result;
    }

    @GET
    @Path("next")
    @Operation(summary = "Your upcoming reminders, for scheduling local notifications")
    public UpcomingReminders next() {
        return new UpcomingReminders(reminders.next(user.id()).stream()
                .map(u -> new UpcomingReminder(u.id(), u.practice(), u.at(), u.localDate(), u.localTime(), u.timeZone(), u.reason(), u.message()))
                .toList());
    }

    public record SentReminder(UUID id, Practice practice, Instant at, LocalDate localDate, LocalTime localTime,
                               @Schema(description = "OPENED, DISMISSED, IGNORED (no answer within two hours), or null while waiting")
                               String response,
                               @Schema(description = "The practice was recorded within two hours of the reminder") boolean helpful,
                               @Schema(description = "\"delivered\", or \"not delivered: <why>\" (e.g. no active channel, quiet hours); null while on its way")
                               String delivery) {
    }

    public record History(List<SentReminder> reminders) {
    }

    @GET
    @Path("history")
    @Operation(summary = "Reminders you were sent recently, how you answered them and whether they helped")
    public History history(@jakarta.ws.rs.QueryParam("days") @jakarta.ws.rs.DefaultValue("14") String days) {
        int n;
        try {
            n = Integer.parseInt(days);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 90) {
            throw ProblemException.badField("days", "is a whole number of days from 1 to 90");
        }
        var sent = reminders.history(user.id(), clock.instant().minus(java.time.Duration.ofDays(n)));
        var delivered = deliveries.outcomes(user.id(), sent.stream().map(h -> h.id()).toList());
        return new History(sent.stream()
                .map(h -> new SentReminder(h.id(), h.practice(), h.at(), h.localDate(), h.localTime(), h.response(), h.helpful(),
                        app.openly.reminder.domain.delivery.DeliveryLedger.describe(delivered.get(h.id()))))
                .toList());
    }

    @POST
    @Path("{id}/response")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Say how you answered a reminder: OPENED, DISMISSED, or SNOOZED with minutes")
    public jakarta.ws.rs.core.Response respond(@PathParam("id") String id, @Valid @NotNull ResponseBody body) {
        UUID reminderId;
        try {
            reminderId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("reminder");
        }
        boolean snoozed = body.response() == ReminderService.Response.SNOOZED;
        if (snoozed && body.minutes() == null) {
            throw ProblemException.badField("minutes", "is required with SNOOZED (5 to 720)");
        }
        if (!snoozed && body.minutes() != null) {
            throw ProblemException.badField("minutes", "goes only with SNOOZED");
        }
        reminders.respond(user.id(), reminderId, body.response(), body.minutes(), clock.instant());
        return jakarta.ws.rs.core.Response.noContent().build();
    }

    static Preferences toPreferences(PreferencesBody body) {
        if (!ZoneId.getAvailableZoneIds().contains(body.timeZone())) {
            throw ProblemException.badField("timeZone", "is not an IANA time zone such as Europe/Berlin");
        }
        Map<Practice, Preferences.Window> windows = new EnumMap<>(Practice.class);
        for (var e : body.practices().entrySet()) {
            if (e.getKey() == null) {
                throw ProblemException.badField("practices", "names an unknown practice");
            }
            if (!e.getValue().start().isBefore(e.getValue().end())) {
                throw ProblemException.badField("practices." + e.getKey().name() + ".end", "comes after start, on the same day");
            }
            windows.put(e.getKey(), new Preferences.Window(e.getValue().start(), e.getValue().end()));
        }
        LocalTime quietStart = body.quietHours() == null ? null : body.quietHours().start();
        LocalTime quietEnd = body.quietHours() == null ? null : body.quietHours().end();
        return new Preferences(ZoneId.of(body.timeZone()), windows, body.days(), quietStart, quietEnd, body.dailyCap(), body.pausedUntil());
    }

    static PreferencesBody view(PreferencesStore.Stored stored) {
        Preferences p = stored.preferences();
        Map<Practice, Window> windows = new EnumMap<>(Practice.class);
        p.windows().forEach((practice, w) -> windows.put(practice, new Window(w.start(), w.end())));
        QuietHours quiet = p.quietStart() == null || p.quietEnd() == null ? null : new QuietHours(p.quietStart(), p.quietEnd());
        return new PreferencesBody(p.zone().getId(), stored.zoneFromEntries(), windows,
                p.days().isEmpty() ? Set.of() : java.util.EnumSet.copyOf(p.days()), quiet, p.dailyCap(), p.pausedUntil());
    }
}
