package app.openly.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static app.openly.deploy.Manifests.describe;

/**
 * Reads core Kubernetes resources into the fabric8 object model and reports every field the model does
 * not know (fabric8 parks those in {@code additionalProperties}). A misspelt field such as
 * {@code readOnlyRootFileSystem} would otherwise be silently dropped by the API server's pruning.
 * Custom resources (Strimzi, CloudNativePG, Prometheus Operator) are not covered here.
 */
final class StrictCoreSchema {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";
    private static final Map<String, Class<?>> MODELS = Map.of(
            "apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class,
            "v1/Service", io.fabric8.kubernetes.api.model.Service.class,
            "v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class,
            "v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class,
            "autoscaling/v2/HorizontalPodAutoscaler", io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
            "networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class);

    private StrictCoreSchema() {
    }

    static List<String> violations(Manifests m) {
        List<String> violations = new ArrayList<>();
        for (JsonNode doc : m.docs()) {
            String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
            Class<?> model = MODELS.get(key);
            if (model == null) {
                if (doc.path("apiVersion").asText().indexOf('.') < 0 && !doc.path("apiVersion").asText().contains("/")
                        || key.startsWith("apps/") || key.startsWith("batch/")) {
                    violations.add(describe(doc) + ": core kind " + key + " has no strict model here; add it to StrictCoreSchema");
                }
                continue;
            }
            try {
                Object parsed = MAPPER.treeToValue(doc, model);
                collectUnknown(parsed, describe(doc), violations);
            } catch (Exception e) {
                violations.add(describe(doc) + ": does not read as " + key + ": " + e.getMessage());
            }
        }
        return violations;
    }

    private static void collectUnknown(Object value, String path, List<String> violations) throws ReflectiveOperationException {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + i++ + "]", violations);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                collectUnknown(e.getValue(), path + "." + e.getKey(), violations);
            }
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = getter.invoke(value);
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if ("additionalProperties".equals(field)) {
                if (child instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    violations.add(path + ": unknown field(s) " + unknown.keySet());
                }
                continue;
            }
            collectUnknown(child, path + "." + field, violations);
        }
    }
}
