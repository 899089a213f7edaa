package app.openly.platform.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answers every operation of every service shares, added to each service's OpenAPI document at build time so
 * no resource has to repeat them: 401 (no valid token), 400 (a parameter or body we could not accept), 413 and 415
 * (bodies), 414 and 431 (an address or headers too long: the HTTP layer's own answers, on every path), 404 (an id that is none of yours), 429 (a per-person budget spent), 500 and 503 (the database briefly away), each as
 * {@code application/problem+json} with the {@code Problem} schema (and, negotiated, as {@code application/json}); the rate-limit headers of the per-person budgets
 * on every answer of an authenticated operation; {@code Retry-After} on every 429 and 503. An operation's own
 * {@code @APIResponse} of the same status wins (its description), but its content is always the problem schema.
 * What an operation must declare itself (operationId, tag, summary, its success answers) is checked by the build:
 * see the README's "API contract" section.
 * <p>
 * Runs before every service's own filter ({@link #PRIORITY}; Quarkus runs higher priorities first and leaves equal
 * ones in the index's order, which differs between a fresh and an incremental build): a service's filter may rely on
 * what this one did, e.g. insights' nullable fields inside a record this filter wrote out.
 * <p>
 * Over 200 lines on purpose: it is the one place that says which answers every operation shares, so the list of
 * statuses, their headers and the rule "an operation's own description wins, the content is always the problem" stay
 * readable side by side.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD, priority = ApiContractFilter.PRIORITY)
public class ApiContractFilter implements OASFilter {

    /** Above the default priority of a service's own {@code @OpenApiFilter}. */
    public static final int PRIORITY = 100;

    public static final String PROBLEM_JSON = "application/problem+json";
    /** The negotiated alternative of every problem (platform ProblemMediaType). */
    public static final String JSON = "application/json";
    static final String PROBLEM_REF = "#/components/schemas/Problem";

    /** Header names as sent (see platform's per-person budgets and the problem mappers). */
    public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    public static final String RATE_LIMIT = "RateLimit";
    public static final String RETRY_AFTER = "Retry-After";

    private static final Map<String, String> COMMON_ERRORS = Map.ofEntries(
            Map.entry("400", "A parameter or field we could not accept; errors[] names each one"),
            Map.entry("401", "No valid bearer token (missing, expired, not RS256-signed by the issuer, or minted for another audience)"),
            Map.entry("404", "Nothing of yours has this id (another person's data answers the same)"),
            Map.entry("406", "Your Accept header admits none of the media types this operation answers"),
            Map.entry("413", "The body is larger than 64 KiB"),
            Map.entry("414", "The address (path and query) is longer than 4096 characters; answered by the HTTP layer before any operation"),
            Map.entry("431", "The request headers are larger than 16 KiB; answered by the HTTP layer before any operation"),
            Map.entry("415", "The body is not application/json"),
            Map.entry("429", "Slow down: your budget of requests is spent for now; Retry-After says when to try again"),
            Map.entry("500", "Something failed on our side; nothing you sent was half-written"),
            Map.entry("503", "We are briefly unavailable (the database or its connections); nothing was written; Retry-After says when to try again"));

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents() == null ? OASFactory.createComponents() : api.getComponents();
        api.setComponents(components);
        components.addSchema("FieldError", fieldErrorSchema());
        components.addSchema("Problem", problemSchema());
        components.addHeader(RETRY_AFTER, OASFactory.createHeader()
                .description("Seconds to wait before trying again")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(java.math.BigDecimal.ONE)));
        components.addHeader(RATE_LIMIT_POLICY, OASFactory.createHeader()
                .description("The per-person budget this request counted against (IETF httpapi RateLimit draft), e.g. \"reads\";q=600;w=60")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(200)));
        components.addHeader(RATE_LIMIT, OASFactory.createHeader()
                .description("What is left of that budget and when it resets, e.g. \"reads\";r=599;t=42")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(200)));
        describeExportTables(components);
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        api.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().forEach((method, operation) -> complete(path, method, operation));
            }
        });
        new ScalarInliner(components).inlineEverywhere(api);
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(ApiContractFilter::enumsOfArraysOnTheirItems);
        }
        new NullableRefs(components).rewriteEverywhere(api);
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean authenticated = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        Map<String, String> add = new TreeMap<>();
        add.put("401", COMMON_ERRORS.get("401"));
        add.put("500", COMMON_ERRORS.get("500"));
        // platform ProblemMappers: a transient failure of the database (or a full pool) on any operation
        add.put("503", COMMON_ERRORS.get("503"));
        // the HTTP layer (platform HttpLayer) answers these for any path before an operation is chosen
        add.put("414", COMMON_ERRORS.get("414"));
        add.put("431", COMMON_ERRORS.get("431"));
        // content negotiation answers it for any operation before the operation runs
        add.put("406", COMMON_ERRORS.get("406"));
        if (hasBody || hasParameters) {
            add.put("400", COMMON_ERRORS.get("400"));
        }
        if (hasBody) {
            add.put("413", COMMON_ERRORS.get("413"));
            add.put("415", COMMON_ERRORS.get("415"));
        }
        if (path.contains("{")) {
            add.put("404", COMMON_ERRORS.get("404"));
        }
        if (authenticated) {
            add.put("429", COMMON_ERRORS.get("429"));
        }
        add.forEach((status, description) -> {
            if (responses.getAPIResponse(status) == null) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
            }
        });
        if (responses.getAPIResponses() == null) {
            return;
        }
        responses.getAPIResponses().forEach((status, response) -> {
            boolean error = status.startsWith("4") || status.startsWith("5");
            if (error && !answersAPage(response)) {
                // problem+json first (RFC 9457); the same body as application/json for a client that accepts only
                // that (platform ProblemMediaType), which is also the media type client generators look for
                response.setContent(OASFactory.createContent()
                        .addMediaType(PROBLEM_JSON, OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)))
                        .addMediaType(JSON, OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF))));
                if (response.getDescription() == null || response.getDescription().isBlank()) {
                    response.setDescription(COMMON_ERRORS.getOrDefault(status, "A problem (RFC 9457)"));
                }
            }
            if ("429".equals(status) || "503".equals(status)) {
                addHeader(response, RETRY_AFTER);
            }
            if (authenticated) {
                addHeader(response, RATE_LIMIT_POLICY);
                addHeader(response, RATE_LIMIT);
            }
        });
    }

    /**
     * PersonalData.Export's tables are a map from table name to that table's rows (JSON objects whose columns differ
     * per table): SmallRye sees only Map&lt;String, JsonNode&gt; and would say "any object".
     */
    private static void describeExportTables(Components components) {
        Schema export = components.getSchemas() == null ? null : components.getSchemas().get("Export");
        if (export == null || export.getProperties() == null || !export.getProperties().containsKey("tables")
                || !export.getProperties().containsKey("service")) {
            return;
        }
        export.addProperty("tables", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("Each table that holds something of yours, by name, with your rows in it (an empty list where there are none)")
                .additionalPropertiesSchema(OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description("One row: its columns by name"))));
        export.setRequired(List.of("userId", "service", "exportedAt", "tables"));
        // JsonNode was only there for the tables; as a component it clashes with Jackson's JsonNode in generated Java clients
        components.removeSchema("JsonNode");
    }

    /**
     * {@code @Schema(enumeration = …)} on a {@code List<String>} puts the enum on the array, which then could only ever
     * be one of those strings, never a list: the values are what each item may be, so they go to the items.
     */
    private static void enumsOfArraysOnTheirItems(Schema schema) {
        if (schema == null || schema.getProperties() == null) {
            return;
        }
        schema.getProperties().values().forEach(property -> {
            boolean array = property.getType() != null && property.getType().contains(Schema.SchemaType.ARRAY);
            if (array && property.getEnumeration() != null && property.getItems() != null
                    && property.getEnumeration().stream().allMatch(v -> v instanceof String)) {
                property.getItems().setEnumeration(new java.util.ArrayList<>(property.getEnumeration()));
                property.setEnumeration(null);
            }
            enumsOfArraysOnTheirItems(property);
            enumsOfArraysOnTheirItems(property.getItems());
        });
    }

    /**
     * An error an operation declares as a page (text/html: the e-mail link pages a person's browser opens) stays a page;
     * every other error is a problem.
     */
    private static boolean answersAPage(APIResponse response) {
        return response.getContent() != null && response.getContent().getMediaTypes() != null
                && response.getContent().getMediaTypes().keySet().stream().anyMatch(type -> type.startsWith("text/html"));
    }

    private static void addHeader(APIResponse response, String name) {
        if (response.getHeaders() == null || !response.getHeaders().containsKey(name)) {
            Header header = OASFactory.createHeader().ref("#/components/headers/" + name);
            response.addHeader(name, header);
        }
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("One field we could not accept, and why (in our words, never echoing what was sent)")
                .required(List.of("field", "message"))
                .addProperty("field", string("The field, parameter or header, e.g. courage, tags[2], If-Match", 200))
                .addProperty("message", string("What is wrong with it", 500));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail. type is stable and meant for code; title and detail are for people.")
                .required(List.of("type", "title", "status"))
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri").maxLength(200)
                        .description("Stable identifier of the kind of problem, e.g. https://openly.app/problems/invalid-request"))
                .addProperty("title", string("A short, kind summary", 200))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .minimum(java.math.BigDecimal.valueOf(400)).maximum(java.math.BigDecimal.valueOf(599)))
                .addProperty("detail", string("What to do about it", 2000))
                .addProperty("instance", string("The path that was asked for", 2000))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).maxItems(100)
                        .description("Each field we could not accept")
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError")));
    }

    private static Schema string(String description, int maxLength) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(maxLength).description(description);
    }
}
