package app.openly.insights.rest;

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

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return;
        }
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
                if (property.getRef() != null) {
                    // a $ref cannot carry nullable in OpenAPI 3.0: wrap it
                    schema.addProperty(field, org.eclipse.microprofile.openapi.OASFactory.createSchema()
                            .allOf(List.of(org.eclipse.microprofile.openapi.OASFactory.createSchema().ref(property.getRef())))
                            .addType(Schema.SchemaType.NULL));
                } else {
                    property.addType(Schema.SchemaType.NULL);
                }
            }
        });
    }
}
