package app.openly.reminder.rest;

import app.openly.events.Practice;
import app.openly.platform.rest.QueryParams;
import app.openly.platform.problem.ProblemException;
import app.openly.platform.security.CurrentUser;
import app.openly.reminder.domain.ReminderNotFoundException;
import app.openly.reminder.domain.ReminderPreferences;
import app.openly.reminder.domain.ReminderResponses;
import app.openly.reminder.domain.logic.Messages;
import app.openly.reminder.domain.logic.Preferences;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A person's upcoming reminders, the ones they were sent, and how they answer one. */
@Path("/api/v1/reminders")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reminders")
public class RemindersResource {

    /** GET /reminders/history?days= (also documented). */
    static final int HISTORY_DAYS_DEFAULT = 14;
    static final int HISTORY_DAYS_MAX = 90;
    /** SNOOZED minutes (also documented). */
    static final int SNOOZE_MIN = 5;
    static final int SNOOZE_MAX = 720;

    public record UpcomingReminder(UUID id, Practice practice, Instant at, LocalDate localDate, LocalTime localTime, String timeZone,
                                   @Schema(description = "Why it comes then, in your language") String reason,
                                   @Schema(description = "What reason says, as stable codes in the same order, for clients that word it themselves; "
                                           + "[] for reminders planned before codes existed",
                                           enumeration = {"WINDOW_START", "LEARNED_INSIDE", "LEARNED_OUTSIDE", "QUIET_HOURS", "CLOCK_CHANGE",
                                                   "CATCH_UP", "SNOOZED", "SHARED_EVENING", "NO_SHARED_EVENING"})
                                   List<String> reasonCodes,
                                   String message) {
    }

    @Schema(description = "Your upcoming reminders; while you have chosen no practice, a hint of how to turn reminders on")
    public record UpcomingReminders(List<UpcomingReminder> reminders,
                                    @Schema(description = "Present only while no practice reminds you; null otherwise", nullable = true) SetUpHint hint) {
    }

    @Schema(description = "How to turn reminders on, for a client to offer the choice")
    public record SetUpHint(
            @Schema(description = "Machine-readable reason", enumeration = {SetUpHint.NO_PRACTICE_CHOSEN}) String code,
            @Schema(description = "A short sentence to show the person") String message,
            @Schema(description = "Where to choose: PATCH a practice with its window here", example = "/api/v1/reminders/preferences")
            String preferences,
            @Schema(description = "A sensible window for each practice, to offer as the starting point")
            Map<Practice, PreferencesResource.Window> suggestedWindows) {
        public static final String NO_PRACTICE_CHOSEN = "NO_PRACTICE_CHOSEN";
    }

    public record ResponseBody(@NotNull ReminderResponses.Response response,
                               @Min(SNOOZE_MIN) @Max(SNOOZE_MAX) @Schema(description = "With SNOOZED only: remind again after this many minutes", example = "30")
                               Integer minutes) {
    }

    @Inject
    CurrentUser user;
    @Inject
    ReminderResponses reminders;
    @Inject
    ReminderPreferences preferences;
    @Inject
    Clock clock;
    @Inject
    app.openly.reminder.domain.language.PersonLocales locales;
    @Inject
    app.openly.reminder.domain.delivery.DeliveryLedger deliveries;

    @GET
    @Path("next")
    @Operation(operationId = "listUpcomingReminders", summary = "Your upcoming reminders, for scheduling local notifications",
            description = "None until you choose or record a practice; until then a hint says how to turn them on.")
    @APIResponse(responseCode = "200", description = "Your upcoming reminders")
    public UpcomingReminders next(@jakarta.ws.rs.HeaderParam("Accept-Language") String acceptLanguage) {
        java.util.Locale locale = locales.onFirstUse(user.id(), acceptLanguage);
        var upcoming = reminders.next(user.id()).stream()
                .map(u -> new UpcomingReminder(u.id(), u.practice(), u.at(), u.localDate(), u.localTime(), u.timeZone(), u.reason(), u.reasonCodes(), u.message()))
                .toList();
        return new UpcomingReminders(upcoming, upcoming.isEmpty() && !preferences.anyPracticeChosen(user.id()) ? setUpHint(locale) : null);
    }

    private static SetUpHint setUpHint(java.util.Locale locale) {
        Map<Practice, PreferencesResource.Window> suggested = new EnumMap<>(Practice.class);
        Preferences.suggestedWindows().forEach((practice, w) -> suggested.put(practice, new PreferencesResource.Window(w.start(), w.end())));
        return new SetUpHint(SetUpHint.NO_PRACTICE_CHOSEN, Messages.noPracticeChosen(locale), "/api/v1/reminders/preferences", suggested);
    }

    public record SentReminder(UUID id, Practice practice, Instant at, LocalDate localDate, LocalTime localTime,
                               @Schema(description = "OPENED, DISMISSED, IGNORED (no answer within two hours), or null while waiting", nullable = true,
                                       enumeration = {"OPENED", "DISMISSED", "SNOOZED", "IGNORED"})
                               String response,
                               @Schema(description = "The practice was recorded within two hours of the reminder") boolean helpful,
                               @Schema(description = "In your language: \"delivered\", or \"not delivered: <why>\" (e.g. no active channel, quiet hours); "
                                       + "null while on its way", nullable = true)
                               String delivery,
                               @Schema(description = "What delivery came to, stable for clients that word it themselves; null while on its way",
                                       nullable = true)
                               app.openly.reminder.domain.logic.DeliveryNote.Code deliveryCode) {
    }

    public record History(List<SentReminder> reminders) {
    }

    @GET
    @Path("history")
    @Operation(operationId = "listSentReminders", summary = "Reminders you were sent recently, how you answered them and whether they helped")
    @APIResponse(responseCode = "200", description = "Your recent reminders")
    public History history(@Parameter(description = "How many days back", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
            maximum = "" + HISTORY_DAYS_MAX, defaultValue = "" + HISTORY_DAYS_DEFAULT))
                           @jakarta.ws.rs.QueryParam("days") @jakarta.ws.rs.DefaultValue("" + HISTORY_DAYS_DEFAULT) String days) {
        int n = QueryParams.wholeNumber("days", days, HISTORY_DAYS_DEFAULT, 1, HISTORY_DAYS_MAX,
                "is a whole number of days from 1 to " + HISTORY_DAYS_MAX);
        var sent = reminders.history(user.id(), clock.instant().minus(java.time.Duration.ofDays(n)));
        var delivered = deliveries.outcomes(user.id(), sent.stream().map(h -> h.id()).toList());
        java.util.Locale locale = locales.localeOf(user.id());
        return new History(sent.stream()
                .map(h -> {
                    var note = app.openly.reminder.domain.delivery.DeliveryLedger.describe(delivered.get(h.id()), locale);
                    return new SentReminder(h.id(), h.practice(), h.at(), h.localDate(), h.localTime(), h.response(), h.helpful(),
                            note == null ? null : note.text(), note == null ? null : note.code());
                })
                .toList());
    }

    @POST
    @Path("{id}/response")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "answerReminder", summary = "Say how you answered a reminder: OPENED, DISMISSED, or SNOOZED with minutes")
    @APIResponse(responseCode = "204", description = "Noted")
    public jakarta.ws.rs.core.Response respond(@Parameter(description = "The reminder's id", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                                               @PathParam("id") String id, @Valid @NotNull ResponseBody body) {
        UUID reminderId;
        try {
            reminderId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("reminder");
        }
        boolean snoozed = body.response() == ReminderResponses.Response.SNOOZED;
        if (snoozed && body.minutes() == null) {
            throw ProblemException.badField("minutes", "is required with SNOOZED (" + SNOOZE_MIN + " to " + SNOOZE_MAX + ")");
        }
        if (!snoozed && body.minutes() != null) {
            throw ProblemException.badField("minutes", "goes only with SNOOZED");
        }
        reminders.respond(user.id(), reminderId, body.response(), body.minutes(), clock.instant());
        return jakarta.ws.rs.core.Response.noContent().build();
    }

    /** Answered like any id that is none of the caller's: the same 404 as for another person's reminder. */
    @ServerExceptionMapper
    public jakarta.ws.rs.core.Response notFound(ReminderNotFoundException e, UriInfo uri) {
        return ProblemException.notFound("reminder").problem().withInstance(uri.getPath()).toResponse();
    }
}
