package app.openly.platform.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SmallRye describes java.time types as components of their own ({@code LocalDate}, {@code OffsetDateTime}, …: a string
 * with a format) referenced from every property. Client generators refuse those names (they are reserved words in
 * Java, Kotlin and Swift) and rename them to types like {@code ModelLocalDate}; so every component that is only a
 * scalar (a string, number, integer or boolean without an enum) is written into the places that use it instead, and
 * dropped. Enums and objects stay components.
 */
final class ScalarInliner {

    private static final Set<Schema.SchemaType> SCALARS = Set.of(Schema.SchemaType.STRING, Schema.SchemaType.INTEGER,
            Schema.SchemaType.NUMBER, Schema.SchemaType.BOOLEAN);
    private static final String PREFIX = "#/components/schemas/";

    private final Map<String, Schema> scalars = new LinkedHashMap<>();
    private final Components components;

    ScalarInliner(Components components) {
        this.components = components;
        if (components.getSchemas() != null) {
            components.getSchemas().forEach((name, schema) -> {
                if (isScalar(schema)) {
                    scalars.put(PREFIX + name, schema);
                }
            });
        }
    }

    void inlineEverywhere(OpenAPI api) {
        if (scalars.isEmpty()) {
            return;
        }
        if (components.getSchemas() != null) {
            new ArrayList<>(components.getSchemas().entrySet()).forEach(e -> components.addSchema(e.getKey(), inline(e.getValue())));
        }
        if (components.getHeaders() != null) {
            components.getHeaders().values().forEach(h -> h.setSchema(inline(h.getSchema())));
        }
        if (api.getPaths() != null && api.getPaths().getPathItems() != null) {
            api.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
                if (op.getParameters() != null) {
                    op.getParameters().forEach(p -> p.setSchema(inline(p.getSchema())));
                }
                if (op.getRequestBody() != null) {
                    inline(op.getRequestBody().getContent());
                }
                if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
                    op.getResponses().getAPIResponses().values().forEach(r -> {
                        inline(r.getContent());
                        if (r.getHeaders() != null) {
                            r.getHeaders().values().forEach(h -> h.setSchema(inline(h.getSchema())));
                        }
                    });
                }
            }));
        }
        scalars.keySet().forEach(ref -> components.removeSchema(ref.substring(PREFIX.length())));
    }

    private void inline(Content content) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(m -> m.setSchema(inline(m.getSchema())));
        }
    }

    /** The schema with every use of a scalar component written out; a direct reference becomes a copy. */
    private Schema inline(Schema schema) {
        if (schema == null) {
            return null;
        }
        if (schema.getRef() != null) {
            Schema scalar = scalars.get(schema.getRef());
            return scalar == null ? schema : merged(copyOf(scalar), schema);
        }
        if (schema.getAllOf() != null && schema.getAllOf().size() == 1 && schema.getAllOf().get(0).getRef() != null
                && scalars.containsKey(schema.getAllOf().get(0).getRef())) {
            Schema scalar = scalars.get(schema.getAllOf().get(0).getRef());
            schema.setAllOf(null);
            merged(schema, scalar);
        }
        // Setters only where something changes: a boolean schema (true/false) refuses every setter.
        if (schema.getProperties() != null) {
            Map<String, Schema> properties = new LinkedHashMap<>();
            boolean changed = false;
            for (var e : schema.getProperties().entrySet()) {
                Schema inlined = inline(e.getValue());
                changed |= inlined != e.getValue();
                properties.put(e.getKey(), inlined);
            }
            if (changed) {
                schema.setProperties(properties);
            }
        }
        if (schema.getItems() != null) {
            Schema items = inline(schema.getItems());
            if (items != schema.getItems()) {
                schema.setItems(items);
            }
        }
        if (schema.getAdditionalPropertiesSchema() != null) {
            Schema additional = inline(schema.getAdditionalPropertiesSchema());
            if (additional != schema.getAdditionalPropertiesSchema()) {
                schema.setAdditionalPropertiesSchema(additional);
            }
        }
        if (schema.getAllOf() != null) {
            schema.setAllOf(inlineAll(schema.getAllOf()));
        }
        if (schema.getOneOf() != null) {
            schema.setOneOf(inlineAll(schema.getOneOf()));
        }
        if (schema.getAnyOf() != null) {
            schema.setAnyOf(inlineAll(schema.getAnyOf()));
        }
        return schema;
    }

    private List<Schema> inlineAll(List<Schema> schemas) {
        if (schemas == null) {
            return null;
        }
        List<Schema> result = new ArrayList<>();
        schemas.forEach(s -> result.add(inline(s)));
        return result;
    }

    /** {@code into} completed with what {@code from} says and {@code into} does not (types are added up: null stays). */
    private static Schema merged(Schema into, Schema from) {
        if (from.getType() != null) {
            from.getType().forEach(t -> {
                if (into.getType() == null || !into.getType().contains(t)) {
                    into.addType(t);
                }
            });
        }
        if (into.getFormat() == null) {
            into.setFormat(from.getFormat());
        }
        if (into.getPattern() == null) {
            into.setPattern(from.getPattern());
        }
        if (into.getDescription() == null) {
            into.setDescription(from.getDescription());
        }
        if (into.getExample() == null) {
            into.setExample(from.getExample());
        }
        if (into.getMaxLength() == null) {
            into.setMaxLength(from.getMaxLength());
        }
        if (into.getMinLength() == null) {
            into.setMinLength(from.getMinLength());
        }
        if (into.getMaximum() == null) {
            into.setMaximum(from.getMaximum());
        }
        if (into.getMinimum() == null) {
            into.setMinimum(from.getMinimum());
        }
        return into;
    }

    private static Schema copyOf(Schema scalar) {
        return merged(OASFactory.createSchema(), scalar);
    }

    private static boolean isScalar(Schema schema) {
        return schema.getRef() == null && schema.getType() != null && !schema.getType().isEmpty()
                && SCALARS.containsAll(schema.getType()) && schema.getEnumeration() == null
                && schema.getProperties() == null && schema.getAllOf() == null && schema.getOneOf() == null;
    }
}
