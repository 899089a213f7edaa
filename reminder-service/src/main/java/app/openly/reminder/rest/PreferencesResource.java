package app.openly.reminder.rest;

import app.openly.events.Practice;
import app.openly.platform.problem.ProblemException;
import app.openly.platform.security.CurrentUser;
import app.openly.reminder.domain.PreferencesStore;
import app.openly.reminder.domain.ReminderPreferences;
import app.openly.reminder.domain.language.PersonLocales;
import app.openly.reminder.domain.logic.Preferences;
import io.quarkus.security.Authenticated;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static app.openly.reminder.rest.PreferencesBodies.language;
import static app.openly.reminder.rest.PreferencesBodies.mergePatch;
import static app.openly.reminder.rest.PreferencesBodies.toPreferences;
import static app.openly.reminder.rest.PreferencesBodies.view;

/** A person's reminder preferences: which practices to be reminded of, when, and how often. */
@Path("/api/v1/reminders/preferences")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reminders")
public class PreferencesResource {

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
            @Valid @Schema(description = "null when you have none", nullable = true) QuietHours quietHours,
            @NotNull @Min(0) @Max(10) @Schema(description = "Reminders a day in all", example = "2") Integer dailyCap,
            @Schema(description = "No reminders up to and including this local date (vacation); null when not paused", example = "2026-12-31",
                    nullable = true) LocalDate pausedUntil,
            @Schema(description = "The language Openly speaks to you in: en, de, es or fr. Until you choose, your browser's "
                    + "Accept-Language on first use decides. Left out of a PUT, it stays as it is.",
                    enumeration = {"en", "de", "es", "fr"}, example = "de") String locale) {
    }

    @Inject
    CurrentUser user;
    @Inject
    ReminderPreferences preferences;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper mapper;
    @Inject
    Validator validator;
    @Inject
    PersonLocales locales;

    @GET
    @Operation(operationId = "getReminderPreferences", summary = "Your reminder preferences: no practice reminds until you choose it here or record it once")
    @APIResponse(responseCode = "200", description = "Your preferences")
    public PreferencesBody preferences(@HeaderParam("Accept-Language") String acceptLanguage) {
        Locale locale = locales.onFirstUse(user.id(), acceptLanguage);
        return view(preferences.preferencesOf(user.id()), locale);
    }

    @PUT
        @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceReminderPreferences", summary = "Replace your reminder preferences; upcoming reminders are re-planned at once")
    @APIResponse(responseCode = "200", description = "Your preferences as stored")
    public PreferencesBody updatePreferences(@Valid @NotNull PreferencesBody body, @HeaderParam("Accept-Language") String acceptLanguage) {
        Preferences prefs = toPreferences(body);
        Locale chosen = body.locale() == null ? null : language(body.locale());
        if (chosen == null) {
            locales.onFirstUse(user.id(), acceptLanguage);
        }
        var stored = locales.chooseAnd(user.id(), chosen,
                () -> preferences.updatePreferences(user.id(), prefs, body.followEntryTimeZone(), clock.instant()));
        return view(stored, locales.localeOf(user.id()));
    }

    /** RFC 7396 JSON Merge Patch. */
    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    @PATCH
        @Consumes({MERGE_PATCH_JSON, MediaType.APPLICATION_JSON})
    @APIResponse(responseCode = "200", description = "Your preferences as stored")
    @Operation(operationId = "changeReminderPreferences", summary = "Change part of your reminder preferences (JSON Merge Patch)", description = "Send only what changes, e.g. "
            + "{\"pausedUntil\":\"2026-12-31\"}; null removes pausedUntil, quietHours or one practice's reminders")
    public PreferencesBody patchPreferences(@org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true,
            description = "The fields to change; null removes pausedUntil, quietHours or one practice's window",
            // application/json is accepted too; documented once, so generated clients send the standard type
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MERGE_PATCH_JSON,
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)))
                                            @NotNull JsonNode patch, @HeaderParam("Accept-Language") String acceptLanguage) {
        if (!patch.isObject()) {
            throw ProblemException.badField("body", "must be a JSON object of the fields to change");
        }
        JsonNode localeField = patch.get("locale");
        if (localeField != null && !localeField.isNull() && !localeField.isTextual()) {
            throw ProblemException.badField("locale", "is one of en, de, es, fr");
        }
        Locale chosen = localeField == null || localeField.isNull() ? null : language(localeField.asText());
        if (chosen == null) {
            locales.onFirstUse(user.id(), acceptLanguage);
        }
        Locale before = locales.localeOf(user.id());
        var stored = locales.chooseAnd(user.id(), chosen, () -> preferences.changePreferences(user.id(), current -> {
            PreferencesBody body = merged(view(current, before), (ObjectNode) patch);
            Set<ConstraintViolation<PreferencesBody>> violations = validator.validate(body);
            if (!violations.isEmpty()) {
                var first = violations.stream().min(java.util.Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
                throw ProblemException.badField(first.getPropertyPath().toString(), first.getMessage());
            }
            return new PreferencesStore.Stored(toPreferences(body), body.followEntryTimeZone());
        }, clock.instant()));
        return view(stored, locales.localeOf(user.id()));
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
}
