package app.openly.insights.rest;

import app.openly.platform.openapi.NullableRefs;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * Answer fields of the domain's records (weekly summary, streaks) that hold null when there is nothing to say yet
 * (no courage rated this week, never practised): documented as nullable here rather than by annotating the domain
 * records, so a Kotlin or Swift client gets optional types. The validating test client fails any other null.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class InsightsSchemas implements OASFilter {

    static final Map<String, List<String>> NULLABLE = Map.of(
            "Summary", List.of("courageAverage", "courageAveragePreviousWeek", "courageTrend", "innerCriticIntensity",
                    "bodyAnchorCalm", "suggestion"),
            "BeforeAfter", List.of("before", "after"),
            "StreakView", List.of("lastPracticed"));

    /**
     * Fields of records the platform filter has already written out into a nullable property (a record used only
     * where it may be null): component, property, then that record's nullable fields.
     */
    static final Map<String, Map<String, List<String>>> NULLABLE_WITHIN = Map.of(
            "StreaksResponse", Map.of("shared", List.of("lastNight")));

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return;
        }
        // scalars first, records after: a record written out into a property (platform NullableRefs) takes its
        // fields as they are then, nullable ones included
        java.util.Set<String> writtenOut = new java.util.TreeSet<>();
        for (boolean records : new boolean[]{false, true}) {
            NULLABLE.forEach((name, fields) -> {
                Schema schema = api.getComponents().getSchemas().get(name);
                if (schema == null || schema.getProperties() == null) {
                    return;
                }
                for (String field : fields) {
                    Schema property = schema.getProperties().get(field);
                    if (property == null) {
                        throw new IllegalStateException(name + "." + field + " is no longer there: update InsightsSchemas.NULLABLE");
                    }
                    if ((property.getRef() != null) == records) {
                        if (records) {
                            writtenOut.add(property.getRef().substring(property.getRef().lastIndexOf('/') + 1));
                        }
                        schema.addProperty(field, NullableRefs.nullable(api.getComponents(), property));
                    }
                }
            });
        }
        NullableRefs.removeUnreferenced(api, api.getComponents(), writtenOut);
        NULLABLE_WITHIN.forEach((name, properties) -> properties.forEach((propertyName, fields) -> {
            Schema schema = api.getComponents().getSchemas().get(name);
            Schema record = schema == null || schema.getProperties() == null ? null : schema.getProperties().get(propertyName);
            if (record == null || record.getProperties() == null) {
                throw new IllegalStateException(name + "." + propertyName + " is no longer a record written out: update InsightsSchemas.NULLABLE_WITHIN");
            }
            for (String field : fields) {
                Schema property = record.getProperties().get(field);
                if (property == null) {
                    throw new IllegalStateException(name + "." + propertyName + "." + field + " is no longer there: update InsightsSchemas.NULLABLE_WITHIN");
                }
                record.addProperty(field, NullableRefs.nullable(api.getComponents(), property));
            }
        }));
    }
}
