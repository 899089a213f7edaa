package app.openly.journal.rest;

import app.openly.events.Practice;
import app.openly.journal.domain.PracticeRules;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Discriminator;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Entries in the API contract: one schema per practice with exactly its fields, joined as a {@code oneOf} with
 * {@code practice} as the discriminator, for requests ({@code EntryRequest}) and answers ({@code EntryResponse}), so a
 * generated client has one type per practice. Built at build time from the schemas SmallRye derived from the records'
 * bean-validation annotations (the same ones that validate) and from {@link PracticeRules#FIELDS} (the same map that
 * refuses another practice's field): the document cannot say something else than the code checks.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class EntrySchemas implements OASFilter {

    /** A practice's fields that must be given (PracticeRules asks for them by name); the rest of its fields are optional. */
    static final Map<Practice, List<String>> REQUIRED = Map.of(
            Practice.HONEST_SENTENCE, List.of("sentence"),
            Practice.PRESENT_LISTENING, List.of(),
            Practice.RITUAL_OF_OPENNESS, List.of("kind"),
            Practice.INNER_CRITIC_REFRAME, List.of("whisper"),
            Practice.BODY_ANCHOR, List.of());

    /** Where PracticeRules asks for one of two fields, said in words (a schema would need anyOf, which generators handle poorly). */
    static final Map<Practice, String> EITHER = Map.of(
            Practice.PRESENT_LISTENING, "Give minutes or what you heard (heard), or both.",
            Practice.BODY_ANCHOR, "Give breaths or minutes, or both.");

    /** Answer fields that only one practice has and that are not request fields. */
    static final Map<String, Practice> ANSWER_ONLY = Map.of(
            "pairedRitual", Practice.RITUAL_OF_OPENNESS,
            "ritualNight", Practice.RITUAL_OF_OPENNESS);

    /** An example request of each practice, shown with its type (generators take examples from schemas, not from bodies). */
    static final Map<Practice, Map<String, Object>> EXAMPLES = Map.of(
            Practice.HONEST_SENTENCE, Map.of("practice", "HONEST_SENTENCE", "occurredAt", "2026-11-24T13:05:00+01:00", "timeZone", "Europe/Berlin",
                    "sentence", "I told my sister I've been lonely since the move.", "sharedWith", "my sister", "shared", true, "courage", 4,
                    "feeling", "NERVOUS"),
            Practice.PRESENT_LISTENING, Map.of("practice", "PRESENT_LISTENING", "occurredAt", "2026-11-24T18:30:00+01:00", "timeZone", "Europe/Berlin",
                    "listenedTo", "a close friend", "minutes", 20, "urgeToFix", 7, "heard", "She wanted to be heard, not fixed."),
            Practice.RITUAL_OF_OPENNESS, Map.of("practice", "RITUAL_OF_OPENNESS", "occurredAt", "2026-11-24T21:40:00+01:00", "timeZone", "Europe/Berlin",
                    "kind", "GRATITUDE", "text", "Thank you for making tea when I came home late."),
            Practice.INNER_CRITIC_REFRAME, Map.of("practice", "INNER_CRITIC_REFRAME", "occurredAt", "2026-11-24T16:00:00+01:00", "timeZone", "Europe/Berlin",
                    "whisper", "Everyone will see I'm a fraud.", "reframe", "It's safe to be real.", "intensityBefore", 8, "intensityAfter", 4),
            Practice.BODY_ANCHOR, Map.of("practice", "BODY_ANCHOR", "occurredAt", "2026-11-24T07:30:00+01:00", "timeZone", "Europe/Berlin",
                    "breaths", 10, "handOnHeart", true, "calmBefore", 3, "calmAfter", 7));

    /** Answer fields every entry has. */
    static final List<String> ANSWER_ALWAYS = List.of("id", "version", "practice", "occurredAt", "timeZone", "localDate",
            "localTime", "themes", "createdAt", "updatedAt");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        Schema request = schemas.get("EntryRequest");
        Schema response = schemas.get("EntryResponse");
        if (request != null && request.getProperties() != null) {
            split(api, "EntryRequest", "Request", request, false);
        }
        if (response != null && response.getProperties() != null) {
            split(api, "EntryResponse", "", response, true);
        }
    }

    private static void split(OpenAPI api, String name, String suffix, Schema flat, boolean answer) {
        Map<String, Schema> properties = flat.getProperties();
        Set<String> practiceFields = new TreeSet<>();
        PracticeRules.FIELDS.values().forEach(practiceFields::addAll);
        practiceFields.addAll(ANSWER_ONLY.keySet());
        Discriminator discriminator = OASFactory.createDiscriminator().propertyName("practice");
        List<Schema> oneOf = new ArrayList<>();
        for (Practice practice : Practice.values()) {
            String schemaName = pascal(practice) + "Entry" + suffix;
            Schema one = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                    .title(schemaName)
                    .description((answer ? "A " : "Recording a ") + practice + " entry" + (answer ? ", as its author reads it." : ".")
                            + (EITHER.containsKey(practice) ? " " + EITHER.get(practice) : ""))
                    .additionalPropertiesBoolean(Boolean.FALSE);
            Map<String, Schema> own = new LinkedHashMap<>();
            List<String> required = new ArrayList<>();
            properties.forEach((field, schema) -> {
                boolean common = !practiceFields.contains(field);
                boolean ofThisPractice = PracticeRules.FIELDS.get(practice).contains(field) || ANSWER_ONLY.get(field) == practice;
                if ("practice".equals(field)) {
                    own.put(field, OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                            .enumeration(List.of(practice.name())).description("Always " + practice.name() + " for this type"));
                } else if (common || ofThisPractice) {
                    own.put(field, schema);
                }
            });
            if (flat.getRequired() != null) {
                flat.getRequired().stream().filter(own::containsKey).forEach(required::add);
            }
            if (answer) {
                ANSWER_ALWAYS.stream().filter(f -> own.containsKey(f) && !required.contains(f)).forEach(required::add);
            } else {
                REQUIRED.get(practice).stream().filter(f -> !required.contains(f)).forEach(required::add);
            }
            one.setProperties(own);
            one.setRequired(required);
            if (!answer) {
                one.setExample(new java.util.TreeMap<>(EXAMPLES.get(practice)));
            }
            api.getComponents().addSchema(schemaName, one);
            String ref = "#/components/schemas/" + schemaName;
            oneOf.add(OASFactory.createSchema().ref(ref));
            discriminator.addMapping(practice.name(), ref);
        }
        Schema union = OASFactory.createSchema()
                .description(answer ? "An entry of one of the five practices; practice says which."
                        : "An entry of one of the five practices; practice says which, and only that practice's fields are accepted.")
                .oneOf(oneOf).discriminator(discriminator);
        api.getComponents().addSchema(name, union);
    }

    static String pascal(Practice practice) {
        StringBuilder sb = new StringBuilder();
        for (String part : practice.name().toLowerCase(Locale.ROOT).split("_")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }
}
