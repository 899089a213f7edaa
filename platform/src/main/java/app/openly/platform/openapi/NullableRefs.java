package app.openly.platform.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes every property that may be {@code null} in the one form OpenAPI 3.0.3 defines and that validators and client
 * generators read alike.
 * <p>
 * SmallRye writes a nullable property of a record type as {@code nullable: true} beside {@code allOf: [$ref]}, and a
 * nullable date as {@code anyOf: [{format: date}, {enum: [null]}]}. Under OpenAPI 3.0.3, {@code nullable} only widens
 * the {@code type} of its own schema, so {@code allOf: [$ref]} still refuses {@code null}, and {@code enum: [null]}
 * without {@code nullable} refuses it too. A strict validator then fails every real answer that holds the null the
 * field is documented to hold. So:
 * <ul>
 *   <li>a record (a {@code $ref} in allOf/anyOf/oneOf) is written out in the property with {@code nullable: true} and
 *   the record's name as {@code title} (see {@link #nullableCopy}); the component goes when nothing else refers to it;</li>
 *   <li>a scalar in such a composition is written into the property itself, with {@code nullable: true}.</li>
 * </ul>
 * Over 200 lines on purpose: one recursive walk over every schema, property and composition of the document, with
 * the two rewrites above and the bookkeeping that drops a component nothing refers to any more; the walk and the
 * rewrites depend on each other's order.
 */
public final class NullableRefs {

    private static final String PREFIX = "#/components/schemas/";

    private final Components components;

    NullableRefs(Components components) {
        this.components = components;
    }

    private final java.util.Set<String> inlined = new java.util.TreeSet<>();

    /** Rewrites every nullable property; then drops the records now written out that nothing refers to any more. */
    void rewriteEverywhere(org.eclipse.microprofile.openapi.models.OpenAPI api) {
        if (components.getSchemas() == null) {
            return;
        }
        new ArrayList<>(components.getSchemas().values()).forEach(this::rewriteProperties);
        removeUnreferenced(api, components, inlined);
    }

    /**
     * Drops the named components nothing in the document refers to any more (a record written out into the properties
     * that used it): left in, a generator would make a second type of the same name (BeforeAfter1).
     */
    public static void removeUnreferenced(org.eclipse.microprofile.openapi.models.OpenAPI api, Components components,
                                          java.util.Collection<String> names) {
        java.util.Set<String> referenced = new java.util.HashSet<>();
        components.getSchemas().values().forEach(schema -> collectRefs(schema, referenced));
        if (api.getPaths() != null && api.getPaths().getPathItems() != null) {
            api.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
                if (op.getParameters() != null) {
                    op.getParameters().forEach(p -> collectRefs(p.getSchema(), referenced));
                }
                if (op.getRequestBody() != null && op.getRequestBody().getContent() != null && op.getRequestBody().getContent().getMediaTypes() != null) {
                    op.getRequestBody().getContent().getMediaTypes().values().forEach(m -> collectRefs(m.getSchema(), referenced));
                }
                if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
                    op.getResponses().getAPIResponses().values().forEach(r -> {
                        if (r.getContent() != null && r.getContent().getMediaTypes() != null) {
                            r.getContent().getMediaTypes().values().forEach(m -> collectRefs(m.getSchema(), referenced));
                        }
                    });
                }
            }));
        }
        names.stream().filter(name -> !referenced.contains(PREFIX + name)).forEach(components::removeSchema);
    }

    private static void collectRefs(Schema schema, java.util.Set<String> into) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null) {
            into.add(schema.getRef());
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> collectRefs(p, into));
        }
        collectRefs(schema.getItems(), into);
        collectRefs(schema.getAdditionalPropertiesSchema(), into);
        for (List<Schema> parts : Arrays.asList(schema.getAllOf(), schema.getOneOf(), schema.getAnyOf())) {
            if (parts != null) {
                parts.forEach(p -> collectRefs(p, into));
            }
        }
    }

    /**
     * The record written out in the property, its type widened by null, titled with the record's name (so a generated
     * client still calls the type QuietHours). A {@code $ref} cannot carry {@code nullable}, and "the record or null" as
     * an anyOf/oneOf does not survive SmallRye's own 3.0 writer (it folds it back into allOf + nullable, or into a bare
     * {@code enum: [null]}, which validators read as "never null").
     */
    /**
     * For a service's own filter that runs after the platform's: {@code property} (a {@code $ref} to a record of
     * {@code components}, or a scalar) as a property that may also be null, in the same form as above.
     */
    public static Schema nullable(org.eclipse.microprofile.openapi.models.Components components, Schema property) {
        if (property.getRef() != null) {
            Schema target = components.getSchemas().get(property.getRef().substring(PREFIX.length()));
            if (target == null) {
                throw new IllegalArgumentException("no component " + property.getRef());
            }
            return nullableCopy(target, property.getRef().substring(PREFIX.length()), property.getDescription());
        }
        if (property.getType() == null || !property.getType().contains(Schema.SchemaType.NULL)) {
            property.addType(Schema.SchemaType.NULL);
        }
        return property;
    }

    private static Schema nullableCopy(Schema target, String name, String description) {
        Schema copy = OASFactory.createSchema().title(name)
                .description(description != null ? description : target.getDescription());
        List<Schema.SchemaType> types = new ArrayList<>(target.getType() != null ? target.getType() : List.of(Schema.SchemaType.OBJECT));
        if (!types.contains(Schema.SchemaType.NULL)) {
            types.add(Schema.SchemaType.NULL);
        }
        copy.setType(types);
        copy.setProperties(target.getProperties() == null ? null : new LinkedHashMap<>(target.getProperties()));
        copy.setRequired(target.getRequired() == null ? null : new ArrayList<>(target.getRequired()));
        if (target.getAdditionalPropertiesSchema() != null) {
            copy.setAdditionalPropertiesSchema(target.getAdditionalPropertiesSchema());
        }
        if (target.getAdditionalPropertiesBoolean() != null) {
            copy.setAdditionalPropertiesBoolean(target.getAdditionalPropertiesBoolean());
        }
        copy.setEnumeration(target.getEnumeration() == null ? null : new ArrayList<>(target.getEnumeration()));
        copy.setExample(target.getExample());
        return copy;
    }

    private void rewriteProperties(Schema schema) {
        if (schema == null || schema.getProperties() == null) {
            if (schema != null && schema.getItems() != null) {
                rewriteProperties(schema.getItems());
            }
            return;
        }
        Map<String, Schema> properties = new LinkedHashMap<>();
        boolean changed = false;
        for (var e : schema.getProperties().entrySet()) {
            Schema rewritten = rewrite(e.getValue());
            changed |= rewritten != e.getValue();
            properties.put(e.getKey(), rewritten);
            rewriteProperties(rewritten.getItems());
        }
        if (changed) {
            schema.setProperties(properties);
        }
        for (List<Schema> parts : Arrays.asList(schema.getAllOf(), schema.getOneOf(), schema.getAnyOf())) {
            if (parts != null) {
                parts.forEach(this::rewriteProperties);
            }
        }
    }

    /** The property as "X or null" when it is a nullable composition of one schema (plus a null enum); else itself. */
    private Schema rewrite(Schema property) {
        List<Schema> parts = property.getAllOf() != null ? property.getAllOf()
                : property.getAnyOf() != null ? property.getAnyOf() : property.getOneOf();
        if (parts == null) {
            return property;
        }
        List<Schema> real = new ArrayList<>();
        for (Schema part : parts) {
            if (!isNullOnly(part)) {
                real.add(part);
            }
        }
        // nullable: its own type includes null, or one part of the composition is "null" alone
        if (real.size() != 1 || !(isNullable(property) || real.size() < parts.size())) {
            return property;
        }
        Schema only = real.get(0);
        if (only.getRef() != null) {
            Schema target = components.getSchemas().get(only.getRef().substring(PREFIX.length()));
            if (target == null) {
                return property;
            }
            inlined.add(only.getRef().substring(PREFIX.length()));
            return nullableCopy(target, only.getRef().substring(PREFIX.length()), property.getDescription());
        }
        // a scalar (a date, a number): the property itself is that scalar, nullable
        property.setAllOf(null);
        property.setAnyOf(null);
        property.setOneOf(null);
        if (only.getType() != null) {
            List<Schema.SchemaType> types = new ArrayList<>(only.getType());
            if (!types.contains(Schema.SchemaType.NULL)) {
                types.add(Schema.SchemaType.NULL);
            }
            property.setType(types);
        }
        if (only.getFormat() != null) {
            property.setFormat(only.getFormat());
        }
        if (only.getPattern() != null && property.getPattern() == null) {
            property.setPattern(only.getPattern());
        }
        if (only.getMaxLength() != null && property.getMaxLength() == null) {
            property.setMaxLength(only.getMaxLength());
        }
        if (only.getEnumeration() != null && property.getEnumeration() == null) {
            property.setEnumeration(only.getEnumeration());
        }
        return property;
    }

    /** Nullable: its type includes null (how the 3.1-shaped model holds what a 3.0 document writes as nullable: true). */
    private static boolean isNullable(Schema schema) {
        return schema.getType() != null && schema.getType().contains(Schema.SchemaType.NULL);
    }

    /** {@code type: null} alone (how SmallRye's model holds it), or {@code enum: [null]}. */
    private static boolean isNullOnly(Schema part) {
        if (part.getRef() != null) {
            return false;
        }
        boolean typeNull = part.getType() != null && part.getType().size() == 1 && part.getType().get(0) == Schema.SchemaType.NULL;
        boolean enumNull = part.getEnumeration() != null && part.getEnumeration().size() == 1 && part.getEnumeration().get(0) == null;
        return typeNull || enumNull;
    }

}
