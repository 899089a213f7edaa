package app.openly.reminder.rest;

import app.openly.events.Practice;
import app.openly.platform.i18n.Languages;
import app.openly.platform.problem.ProblemException;
import app.openly.reminder.domain.PreferencesStore;
import app.openly.reminder.domain.logic.Preferences;
import app.openly.reminder.rest.PreferencesResource.PreferencesBody;
import app.openly.reminder.rest.PreferencesResource.QuietHours;
import app.openly.reminder.rest.PreferencesResource.Window;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The reminder preferences between their request/response body and the domain's {@link Preferences}: the checks a
 * body's values need beyond its annotations (400 naming the field), RFC 7396 merge patch, and the view of what is
 * stored. {@link PreferencesResource} holds the endpoints.
 */
final class PreferencesBodies {

    private PreferencesBodies() {
    }

    /** A language Openly speaks, or 400 naming {@code locale}. */
    static Locale language(String tag) {
        return Languages.supported(tag).filter(l -> l.getLanguage().equals(tag.trim().toLowerCase(Locale.ROOT)))
                .orElseThrow(() -> ProblemException.badField("locale", "is one of en, de, es, fr"));
    }

    /** RFC 7396 JSON Merge Patch: objects merge, null removes, anything else replaces. */
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

    /** The domain's preferences from a valid body; 400 naming the field for what the annotations cannot check. */
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

    /** What the person sees of their stored preferences, in their language. */
    static PreferencesBody view(PreferencesStore.Stored stored, Locale locale) {
        Preferences p = stored.preferences();
        Map<Practice, Window> windows = new EnumMap<>(Practice.class);
        p.windows().forEach((practice, w) -> windows.put(practice, new Window(w.start(), w.end())));
        QuietHours quiet = p.quietStart() == null || p.quietEnd() == null ? null : new QuietHours(p.quietStart(), p.quietEnd());
        return new PreferencesBody(p.zone().getId(), stored.zoneFromEntries(), windows,
                p.days().isEmpty() ? Set.of() : java.util.EnumSet.copyOf(p.days()), quiet, p.dailyCap(), p.pausedUntil(),
                locale.getLanguage());
    }
}
