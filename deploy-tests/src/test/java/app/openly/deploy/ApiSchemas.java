package app.openly.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static app.openly.deploy.Manifests.describe;

/**
 * The schemas an API server checks objects against, read from the releases vendored under
 * {@code src/test/resources/schemas} (see the README there): the Kubernetes OpenAPI of each vendored Kubernetes
 * version for the built-in kinds and the {@code openAPIV3Schema} of every vendored CustomResourceDefinition for the
 * custom resources. A built-in kind is validated against every vendored Kubernetes version, a custom resource against
 * its CRD (its {@code metadata} as ObjectMeta of the newest vendored Kubernetes).
 *
 * <p>Unknown fields are errors wherever the schema does not preserve them ({@code x-kubernetes-preserve-unknown-fields}):
 * an API server silently prunes them from a custom resource, or rejects them under strict field validation, so a
 * misspelt field would otherwise vanish. An object whose apiVersion and kind no vendored schema serves is an error,
 * as is one served only by a deprecated version. Not checked: CEL rules ({@code x-kubernetes-validations}), string
 * formats, and what API servers and admission webhooks validate in code.
 */
final class ApiSchemas {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    /** resource.Quantity's serialization format (the pattern controller-gen writes for Quantity fields of CRDs). */
    private static final String QUANTITY_PATTERN =
            "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

    /** One apiVersion + kind as served by one vendored release. */
    record Served(String release, String apiVersion, String kind, boolean deprecated, String deprecationWarning, ObjectNode schema) {
    }

    /** One vendored Kubernetes version: its built-in kinds and (strict) definitions. */
    record Kubernetes(String release, ObjectNode definitions, Map<String, Served> kinds) {
    }

    private final List<Kubernetes> kubernetes;
    /** apiVersion/kind -> the custom resource versions vendored CRDs serve. */
    private final Map<String, Served> customResources;
    /** Draft 2020-12; $ref targets are not all loaded up front; formats are annotations only; paths read "$.spec...". */
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .preloadSchema(false).formatAssertionsEnabled(false).pathType(PathType.JSON_PATH).build()));
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private ApiSchemas(List<Kubernetes> kubernetes, Map<String, Served> customResources) {
        this.kubernetes = kubernetes;
        this.customResources = customResources;
    }

    private static volatile ApiSchemas vendored;

    /** The schemas vendored under src/test/resources/schemas, read once. */
    static ApiSchemas vendored() {
        if (vendored == null) {
            synchronized (ApiSchemas.class) {
                if (vendored == null) {
                    vendored = load(vendoredDir());
                }
            }
        }
        return vendored;
    }

    static Path vendoredDir() {
        String configured = System.getProperty("openly.schemas.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        try {
            return Path.of(ApiSchemas.class.getResource("/schemas").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@code kubernetes/<version>/definitions.json} and {@code crds/<release>/*.yaml} under {@code root}. */
    static ApiSchemas load(Path root) {
        List<Kubernetes> kubernetes = new ArrayList<>();
        for (Path dir : children(root.resolve("kubernetes"))) {
            Path file = dir.resolve("definitions.json");
            if (Files.isRegularFile(file)) {
                kubernetes.add(kubernetes("Kubernetes " + dir.getFileName(), read(JSON, file).path("definitions")));
            }
        }
        kubernetes.sort(Comparator.comparing(k -> versionKey(k.release())));
        if (kubernetes.isEmpty()) {
            throw new IllegalStateException("no Kubernetes OpenAPI under " + root.resolve("kubernetes"));
        }
        Map<String, Served> customResources = new TreeMap<>();
        for (Path dir : children(root.resolve("crds"))) {
            for (Path file : children(dir)) {
                if (file.toString().endsWith(".yaml")) {
                    for (Served served : customResourceVersions(dir.getFileName().toString(), read(YAML, file))) {
                        Served clash = customResources.put(served.apiVersion() + "/" + served.kind(), served);
                        if (clash != null) {
                            throw new IllegalStateException(served.apiVersion() + " " + served.kind() + " is vendored twice: "
                                    + clash.release() + " and " + served.release());
                        }
                    }
                }
            }
        }
        return new ApiSchemas(kubernetes, customResources);
    }

    /** The vendored releases, e.g. "Kubernetes 1.30", "strimzi-1.2.0". */
    List<String> releases() {
        TreeSet<String> releases = new TreeSet<>();
        kubernetes.forEach(k -> releases.add(k.release()));
        customResources.values().forEach(s -> releases.add(s.release()));
        return List.copyOf(releases);
    }

    /** Every apiVersion/kind some vendored release serves. */
    List<String> servedKinds() {
        TreeSet<String> kinds = new TreeSet<>(customResources.keySet());
        kubernetes.forEach(k -> kinds.addAll(k.kinds().keySet()));
        return List.copyOf(kinds);
    }

    /** Every way a rendered object would not be accepted as written, for every vendored Kubernetes version. */
    List<String> violations(Manifests m) {
        List<String> violations = new ArrayList<>();
        for (JsonNode doc : m.docs()) {
            String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
            Served custom = customResources.get(key);
            // A custom resource is checked once, its metadata as ObjectMeta of the newest vendored Kubernetes.
            for (Kubernetes version : custom != null ? kubernetes.subList(kubernetes.size() - 1, kubernetes.size()) : kubernetes) {
                Served served = custom != null ? custom : version.kinds().get(key);
                if (served == null) {
                    violations.add(describe(doc) + ": " + version.release() + " and the vendored CRDs serve no "
                            + doc.path("apiVersion").asText() + " " + doc.path("kind").asText() + otherVersions(doc.path("kind").asText()));
                    continue;
                }
                String where = describe(doc) + " (" + served.release() + ")";
                if (served.deprecated()) {
                    violations.add(where + ": " + served.apiVersion() + " " + served.kind() + " is deprecated"
                            + (served.deprecationWarning().isEmpty() ? "" : ": " + served.deprecationWarning()));
                }
                for (Error error : schema(version, served).validate(toJson(doc), InputFormat.JSON)) {
                    tools.jackson.databind.JsonNode instance = error.getInstanceNode();
                    String shown = instance != null && instance.isValueNode() ? " (is " + instance + ")" : "";
                    violations.add(where + ": " + error.getInstanceLocation() + ": " + error.getMessage() + shown);
                }
            }
        }
        return violations.stream().distinct().toList();
    }

    private String otherVersions(String kind) {
        List<String> others = new ArrayList<>();
        customResources.values().stream().filter(s -> s.kind().equals(kind))
                .forEach(s -> others.add(s.apiVersion() + " (" + s.release() + ")"));
        kubernetes.forEach(k -> k.kinds().values().stream().filter(s -> s.kind().equals(kind))
                .forEach(s -> others.add(s.apiVersion() + " (" + k.release() + ")")));
        return others.isEmpty() ? " (no vendored schema has this kind: vendor its CRD, see src/test/resources/schemas/README.md)"
                : "; " + kind + " is served as " + String.join(", ", others.stream().distinct().toList());
    }

    private Schema schema(Kubernetes version, Served served) {
        return compiled.computeIfAbsent(version.release() + "|" + served.release() + "|" + served.apiVersion() + "/" + served.kind(), k -> {
            ObjectNode root = served.schema().deepCopy();
            root.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
            root.set("definitions", version.definitions());
            return registry.getSchema(toJson(root), InputFormat.JSON);
        });
    }

    private static String toJson(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- reading the vendored files

    private static Kubernetes kubernetes(String release, JsonNode swaggerDefinitions) {
        ObjectNode definitions = NODES.objectNode();
        Map<String, Served> kinds = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = swaggerDefinitions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> definition = it.next();
            definitions.set(definition.getKey(), strict(definition.getValue(), Strictness.SWAGGER));
        }
        // The API server reads these two from either JSON type (intstr.IntOrString, resource.Quantity); the
        // OpenAPI only says "string".
        definitions.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", intOrString());
        ObjectNode quantity = NODES.objectNode();
        quantity.set("anyOf", NODES.arrayNode().add(NODES.objectNode().put("type", "number"))
                .add(NODES.objectNode().put("type", "string").put("pattern", QUANTITY_PATTERN)));
        definitions.set("io.k8s.apimachinery.pkg.api.resource.Quantity", quantity);
        for (Iterator<Map.Entry<String, JsonNode>> it = swaggerDefinitions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> definition = it.next();
            for (JsonNode gvk : definition.getValue().path("x-kubernetes-group-version-kind")) {
                String group = gvk.path("group").asText();
                String apiVersion = (group.isEmpty() ? "" : group + "/") + gvk.path("version").asText();
                ObjectNode ref = NODES.objectNode().put("$ref", "#/definitions/" + definition.getKey());
                kinds.put(apiVersion + "/" + gvk.path("kind").asText(),
                        new Served(release, apiVersion, gvk.path("kind").asText(), false, "", ref));
            }
        }
        return new Kubernetes(release, definitions, kinds);
    }

    private static List<Served> customResourceVersions(String release, JsonNode crd) {
        if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
            throw new IllegalStateException(release + ": not a CustomResourceDefinition: " + crd.path("metadata").path("name"));
        }
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        List<Served> served = new ArrayList<>();
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (!version.path("served").asBoolean(false)) {
                continue;
            }
            ObjectNode schema = (ObjectNode) strict(version.path("schema").path("openAPIV3Schema"), Strictness.CRD);
            // The API server validates a custom resource's metadata as ObjectMeta (the CRD schema says only "object").
            ((ObjectNode) schema.withObject("properties")).set("metadata", NODES.objectNode().put("$ref", "#/definitions/" + OBJECT_META));
            served.add(new Served(release, group + "/" + version.path("name").asText(), kind, version.path("deprecated").asBoolean(false),
                    version.path("deprecationWarning").asText(""), schema));
        }
        return served;
    }

    /** "Kubernetes 1.36" -> "00001.00036", so versions sort by number. */
    private static String versionKey(String release) {
        StringBuilder key = new StringBuilder();
        for (String part : release.replaceAll("[^0-9.]", "").split("\\.")) {
            key.append(String.format("%05d.", part.isEmpty() ? 0 : Integer.parseInt(part)));
        }
        return key.toString();
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- OpenAPI -> strict JSON Schema 2020-12

    private enum Strictness {
        /** Built-in kinds (OpenAPI v2): an object with properties admits no other field (strict field validation). */
        SWAGGER,
        /** CRD structural schema: any object admits only its properties unless it preserves unknown fields (pruning). */
        CRD,
        /** Inside anyOf/oneOf/allOf/not: constraints on a structure declared outside, so nothing is closed here. */
        BRANCH
    }

    private static ObjectNode intOrString() {
        ObjectNode either = NODES.objectNode();
        either.set("anyOf", NODES.arrayNode().add(NODES.objectNode().put("type", "integer")).add(NODES.objectNode().put("type", "string")));
        return either;
    }

    /**
     * The schema as JSON Schema 2020-12 with the API server's reading of the Kubernetes extensions: int-or-string
     * takes either type, nullable admits null, and a structure that does not preserve unknown fields admits no field
     * it does not declare. Descriptions, formats and the other x-kubernetes-* markers are dropped.
     */
    private static JsonNode strict(JsonNode schema, Strictness strictness) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "description", "format", "nullable", "default", "example" -> {
                }
                case "properties" -> {
                    ObjectNode properties = out.putObject("properties");
                    value.fields().forEachRemaining(p -> properties.set(p.getKey(), strict(p.getValue(), strictness)));
                }
                case "items", "additionalProperties", "not" ->
                        out.set(name, strict(value, "not".equals(name) ? Strictness.BRANCH : strictness));
                case "allOf", "anyOf", "oneOf" -> {
                    ArrayNode branches = out.putArray(name);
                    value.forEach(branch -> branches.add(strict(branch, Strictness.BRANCH)));
                }
                default -> {
                    if (!name.startsWith("x-kubernetes-")) {
                        out.set(name, value);
                    }
                }
            }
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false) || "int-or-string".equals(schema.path("format").asText())) {
            out.remove("type");
            if (!out.has("anyOf")) {
                out.setAll(intOrString());
            }
        }
        if (schema.path("nullable").asBoolean(false) && out.path("type").isTextual()) {
            out.set("type", NODES.arrayNode().add(out.path("type").asText()).add("null"));
        }
        boolean preserves = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.path("x-kubernetes-embedded-resource").asBoolean(false) && !preserves) {
            ObjectNode properties = out.withObject("properties");
            properties.putIfAbsent("apiVersion", NODES.objectNode().put("type", "string"));
            properties.putIfAbsent("kind", NODES.objectNode().put("type", "string"));
            properties.putIfAbsent("metadata", NODES.objectNode().put("$ref", "#/definitions/" + OBJECT_META));
        }
        boolean structure = switch (strictness) {
            case SWAGGER -> schema.has("properties");
            case CRD -> schema.has("properties") || "object".equals(schema.path("type").asText());
            case BRANCH -> false;
        };
        if (structure && !preserves && !schema.has("additionalProperties")) {
            out.put("additionalProperties", false);
        }
        return out;
    }
}
