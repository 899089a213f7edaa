package app.openly.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the schema validation is not vacuous: for each vendored schema family (Kubernetes, Strimzi, CloudNativePG,
 * Barman Cloud plugin, Prometheus Operator) a copy of a rendered overlay is broken the way a person would break it (a
 * misspelt field, a wrong type, a value outside the enum or pattern, a wrong apiVersion) and the check must name it.
 */
class ApiSchemasCatchBreakageTest {

    private static Manifests production() {
        return Kustomize.render("production");
    }

    private static List<String> violations(Manifests m) {
        return ApiSchemas.vendored().violations(m);
    }

    private static ObjectNode spec(Manifests m, String kind, String name) {
        return (ObjectNode) m.find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name)).path("spec");
    }

    @Test
    void theVendoredSchemasServeEveryKindTheOverlaysRender() {
        // The releases the README names; a missing directory would let its kinds fail as "unknown" below anyway,
        // but this says which one is gone.
        assertEquals(List.of("Kubernetes 1.30", "Kubernetes 1.36", "cloudnative-pg-1.30.0", "plugin-barman-cloud-0.14.0",
                "prometheus-operator-0.93.0", "strimzi-1.2.0"), ApiSchemas.vendored().releases());
        for (String overlay : List.of("dev", "production")) {
            for (JsonNode doc : Kustomize.render(overlay).docs()) {
                String kind = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                assertTrue(ApiSchemas.vendored().servedKinds().contains(kind), overlay + ": " + kind);
            }
        }
    }

    /** deploy/README.md's "Operator versions" names, in its "written for" column, exactly the vendored releases. */
    @Test
    void theReadmeNamesTheReleasesTheSchemasComeFrom() throws Exception {
        java.util.Map<String, String> writtenFor = new java.util.HashMap<>();
        boolean inTable = false;
        for (String line : java.nio.file.Files.readAllLines(Kustomize.deployDir().resolve("README.md"))) {
            inTable = line.startsWith("## ") ? line.equals("## Operator versions") : inTable;
            String[] cells = line.split("\\|");
            if (inTable && cells.length > 2) {
                writtenFor.put(cells[1].trim(), cells[2].trim());
            }
        }
        java.util.Map<String, String> component = java.util.Map.of("strimzi", "Strimzi", "cloudnative-pg", "CloudNativePG",
                "plugin-barman-cloud", "Barman Cloud plugin", "prometheus-operator", "Prometheus Operator (CRDs)");
        for (String release : ApiSchemas.vendored().releases()) {
            if (release.startsWith("Kubernetes ")) {
                assertTrue(writtenFor.getOrDefault("Kubernetes", "").contains(release.substring("Kubernetes ".length())),
                        "deploy/README.md, Operator versions: Kubernetes should name " + release + ": " + writtenFor);
                continue;
            }
            String name = release.substring(0, release.lastIndexOf('-'));
            String version = release.substring(release.lastIndexOf('-') + 1);
            assertEquals(version, writtenFor.get(component.get(name)), "deploy/README.md, Operator versions, " + component.get(name));
        }
    }

    @Test
    void kubernetesAMisspeltFieldAWrongTypeAndAFieldNewerThanTheOldestSupportedVersionAreCaught() throws Exception {
        Manifests m = production();
        ObjectNode pod = (ObjectNode) spec(m, "Deployment", "journal-service").path("template").path("spec");
        ObjectNode securityContext = (ObjectNode) pod.path("containers").get(0).path("securityContext");
        securityContext.set("readOnlyRootFileSystem", securityContext.remove("readOnlyRootFilesystem"));
        spec(m, "Deployment", "reminder-service").put("replicas", "3");
        // Pod-level resources exist in Kubernetes 1.36, not in 1.30 (the oldest the README supports).
        ((ObjectNode) spec(m, "Deployment", "insights-service").path("template").path("spec"))
                .set("resources", Kustomize.parse("limits: {cpu: \"2\"}").get(0));
        ((ObjectNode) m.find("Service", "journal-service").orElseThrow().path("metadata")).set("lables",
                Kustomize.parse("{app: x}").get(0));
        List<String> violations = violations(m);
        expect(violations, "Deployment/journal-service (Kubernetes 1.30): $.spec.template.spec.containers[0].securityContext",
                "readOnlyRootFileSystem");
        expect(violations, "Deployment/journal-service (Kubernetes 1.36): $.spec.template.spec.containers[0].securityContext",
                "readOnlyRootFileSystem");
        expect(violations, "Deployment/reminder-service (Kubernetes 1.30): $.spec.replicas", "integer");
        expect(violations, "Deployment/insights-service (Kubernetes 1.30): $.spec.template.spec", "resources");
        assertTrue(violations.stream().noneMatch(v -> v.startsWith("Deployment/insights-service (Kubernetes 1.36)")), violations.toString());
        expect(violations, "Service/journal-service (Kubernetes 1.30): $.metadata", "lables");
    }

    @Test
    void kubernetesAKindNoVendoredSchemaServesIsCaught() throws Exception {
        Manifests m = production();
        m.docs().addAll(Kustomize.parse("""
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata: {name: openly-api}
                spec: {secretName: openly-api-tls}
                ---
                apiVersion: autoscaling/v2beta2
                kind: HorizontalPodAutoscaler
                metadata: {name: journal-service}
                spec: {maxReplicas: 2}
                """));
        List<String> violations = violations(m);
        expect(violations, "Certificate/openly-api: Kubernetes 1.36 and the vendored CRDs serve no cert-manager.io/v1 Certificate",
                "vendor its CRD");
        expect(violations, "HorizontalPodAutoscaler/journal-service: Kubernetes 1.30 and the vendored CRDs serve no autoscaling/v2beta2",
                "served as autoscaling/v2");
    }

    @Test
    void strimziTheRemovedV1beta2ARemovedFieldAndAWrongEnumAreCaught() throws Exception {
        Manifests m = production();
        ((ObjectNode) m.find("KafkaTopic", "reminders-due").orElseThrow()).put("apiVersion", "kafka.strimzi.io/v1beta2");
        // v1 knows only "operations" (the singular "operation" was removed with v1beta2).
        ObjectNode acl = (ObjectNode) spec(m, "KafkaUser", "journal-service").path("authorization").path("acls").get(0);
        acl.put("operation", "Write");
        ObjectNode listener = (ObjectNode) spec(m, "Kafka", "openly-kafka").path("kafka").path("listeners").get(0);
        listener.put("type", "internl");
        spec(m, "KafkaTopic", "journal-entry-events").put("partitions", "twelve");
        List<String> violations = violations(m);
        expect(violations, "KafkaTopic/reminders-due: Kubernetes 1.30 and the vendored CRDs serve no kafka.strimzi.io/v1beta2 KafkaTopic",
                "served as kafka.strimzi.io/v1 (strimzi-1.2.0)");
        expect(violations, "KafkaUser/journal-service (strimzi-1.2.0): $.spec.authorization.acls[0]", "operation");
        expect(violations, "Kafka/openly-kafka (strimzi-1.2.0): $.spec.kafka.listeners[0].type", "internl");
        expect(violations, "KafkaTopic/journal-entry-events (strimzi-1.2.0): $.spec.partitions", "integer");
    }

    @Test
    void strimziConfigKeysStayFreeWhereTheCrdPreservesUnknownFields() {
        Manifests m = production();
        ((ObjectNode) spec(m, "Kafka", "openly-kafka").path("kafka").path("config")).put("log.retention.hours", 168);
        ((ObjectNode) spec(m, "KafkaTopic", "reminders-due").path("config")).put("segment.bytes", 1073741824);
        assertEquals(List.of(), violations(m));
    }

    @Test
    void cloudNativePgAMisspeltFieldAWrongTypeAndAWrongMethodAreCaught() {
        Manifests m = production();
        ObjectNode cluster = spec(m, "Cluster", "journal-db");
        cluster.put("instances", "three");
        ((ObjectNode) cluster.path("bootstrap").path("initdb")).put("ownr", "journal");
        spec(m, "ScheduledBackup", "reminder-db-daily").put("method", "plugins");
        ((ObjectNode) m.find("Cluster", "insights-db").orElseThrow()).put("apiVersion", "postgresql.cnpg.io/v1beta1");
        List<String> violations = violations(m);
        expect(violations, "Cluster/journal-db (cloudnative-pg-1.30.0): $.spec.instances", "integer");
        expect(violations, "Cluster/journal-db (cloudnative-pg-1.30.0): $.spec.bootstrap.initdb", "ownr");
        expect(violations, "ScheduledBackup/reminder-db-daily (cloudnative-pg-1.30.0): $.spec.method", "plugins");
        expect(violations, "Cluster/insights-db: Kubernetes 1.30 and the vendored CRDs serve no postgresql.cnpg.io/v1beta1 Cluster",
                "served as postgresql.cnpg.io/v1 (cloudnative-pg-1.30.0)");
    }

    @Test
    void barmanCloudPluginARetentionOutsideThePatternAnUnknownCompressionAndAMisplacedFieldAreCaught() {
        Manifests m = production();
        ObjectNode store = spec(m, "ObjectStore", "openly-db-backups");
        store.put("retentionPolicy", "30 days");
        ((ObjectNode) store.path("configuration").path("wal")).put("compression", "zip");
        // In-tree habit: retention inside the configuration; the plugin has it on the ObjectStore spec only.
        ((ObjectNode) store.path("configuration")).put("retentionPolicy", "30d");
        List<String> violations = violations(m);
        expect(violations, "ObjectStore/openly-db-backups (plugin-barman-cloud-0.14.0): $.spec.retentionPolicy", "30 days");
        expect(violations, "ObjectStore/openly-db-backups (plugin-barman-cloud-0.14.0): $.spec.configuration.wal.compression", "zip");
        expect(violations, "ObjectStore/openly-db-backups (plugin-barman-cloud-0.14.0): $.spec.configuration", "retentionPolicy");
    }

    @Test
    void prometheusOperatorAMisspeltFieldAndABadDurationAreCaught() {
        Manifests m = production();
        ObjectNode endpoint = (ObjectNode) spec(m, "ServiceMonitor", "insights-service").path("endpoints").get(0);
        endpoint.put("intervall", "30s");
        ArrayNode groups = (ArrayNode) m.ofKind("PrometheusRule").get(0).path("spec").path("groups");
        ((ObjectNode) groups.get(0).path("rules").get(0)).put("for", "5 minutes");
        List<String> violations = violations(m);
        expect(violations, "ServiceMonitor/insights-service (prometheus-operator-0.93.0): $.spec.endpoints[0]", "intervall");
        expect(violations, "PrometheusRule/openly-alerts (prometheus-operator-0.93.0): $.spec.groups[0].rules[0].for", "");
    }

    /** One violation starts with {@code prefix} (object, release, location) and mentions {@code detail}. */
    private static void expect(List<String> violations, String prefix, String detail) {
        assertTrue(violations.stream().anyMatch(v -> v.startsWith(prefix) && v.substring(prefix.length()).contains(detail)),
                "expected a violation starting with '" + prefix + "' and mentioning '" + detail + "', got:\n  " + String.join("\n  ", violations));
    }
}
