package app.openly.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renders deploy/overlays/dev and deploy/overlays/production and holds them to the platform rules. */
class DeployManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void overlayRendersTheThreeServicesKafkaAndTheirDatabases(String overlay) {
        Manifests m = Kustomize.render(overlay);

        assertEquals(List.of("insights-service", "journal-service", "reminder-service"),
                m.ofKind("Deployment").stream().map(Manifests::name).sorted().toList());
        assertEquals(1, m.ofKind("Kafka").size(), "one Strimzi Kafka");
        assertFalse(m.ofKind("KafkaNodePool").isEmpty(), "Strimzi KRaft needs a KafkaNodePool");
        assertEquals("enabled", m.ofKind("Kafka").get(0).path("metadata").path("annotations").path("strimzi.io/kraft").asText(),
                "Kafka runs in KRaft mode");
        assertEquals(3, m.ofKind("Cluster").size(), "one CloudNativePG Cluster per service database");
    }

    /** Every rule both overlays keep, by what it guarantees (the breakage tests prove each can fail). */
    private static final Map<String, Function<Manifests, List<String>>> BOTH_OVERLAYS = new LinkedHashMap<>();

    static {
        BOTH_OVERLAYS.put("every container has probes, resources and a hardened security context", Invariants::podViolations);
        BOTH_OVERLAYS.put("no secret value is in the repository", Invariants::inlineSecretViolations);
        BOTH_OVERLAYS.put("services reach the Strimzi bootstrap and their own CNPG cluster", Invariants::wiringViolations);
        BOTH_OVERLAYS.put("every Deployment has Service, PDB, HPA, NetworkPolicy, ServiceMonitor and a token-less ServiceAccount",
                Invariants::companionViolations);
        BOTH_OVERLAYS.put("core resources use only fields Kubernetes knows", StrictCoreSchema::violations);
        BOTH_OVERLAYS.put("Kafka takes only TLS+SCRAM clients and each service has exactly its ACLs", Invariants::kafkaSecurityViolations);
        BOTH_OVERLAYS.put("services connect to Kafka with SASL_SSL from their KafkaUser Secret and trust the cluster CA",
                Invariants::kafkaClientViolations);
        BOTH_OVERLAYS.put("a changed Secret rolls its readers, the master key never does", Invariants::reloadViolations);
        BOTH_OVERLAYS.put("alerts read metrics the code registers and point to a runbook", Invariants::alertViolations);
    }

    static Stream<Arguments> overlaysAndRules() {
        return Stream.of("dev", "production").flatMap(overlay -> BOTH_OVERLAYS.keySet().stream().map(rule -> Arguments.of(overlay, rule)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndRules")
    void bothOverlaysKeepEveryRule(String overlay, String rule) {
        assertNoViolations(overlay, BOTH_OVERLAYS.get(rule).apply(Kustomize.render(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"journal-service", "reminder-service", "insights-service"})
    void everyDeadLetterProducerWaitsForAllInSyncReplicas(String service) {
        var props = Invariants.applicationProperties(service);
        for (String key : props.stringPropertyNames()) {
            if (key.endsWith(".failure-strategy") && "dead-letter-queue".equals(props.getProperty(key).trim())) {
                String channel = key.substring(0, key.length() - ".failure-strategy".length());
                // min.insync.replicas 2 only protects writes that wait for all in-sync replicas.
                assertEquals("all", props.getProperty(channel + ".dead-letter-queue.acks", "").trim(), service + " " + channel);
                assertEquals("true", props.getProperty(channel + ".dead-letter-queue.enable.idempotence", "").trim(), service + " " + channel);
            }
        }
    }

    @Test
    void theAclsFollowTheCodesTopicsAndConsumerGroups() {
        var acls = Invariants.expectedAcls();
        assertEquals(java.util.Set.of("topic journal.entry-events: Write", "topic journal.entry-events: Describe",
                "cluster: IdempotentWrite"), acls.get("journal-service"));
        assertTrue(acls.get("reminder-service").contains("group reminder-service: Read"), acls.toString());
        assertTrue(acls.get("insights-service").contains("topic journal.entry-events.dlq: Write"), acls.toString());
        assertTrue(acls.get("insights-service").contains("topic insights.weekly-summaries: Write"), acls.toString());
    }

    @Test
    void productionIngressExposesOnlyTheApiOverTls() {
        assertNoViolations("production", Invariants.ingressViolations(Kustomize.render("production")));
    }

    @Test
    void productionHasEveryTopicWithReplicationThreeAndMinInsyncTwo() {
        assertNoViolations("production", Invariants.topicViolations(Kustomize.render("production"), 3, 2));
    }

    @Test
    void devHasEveryTopicOnItsSingleBroker() {
        assertNoViolations("dev", Invariants.topicViolations(Kustomize.render("dev"), 1, 1));
    }

    @Test
    void productionReplicatesKafkaAndPostgresThreeWaysAndBacksUpEveryDatabase() {
        assertNoViolations("production", Invariants.productionResilienceViolations(Kustomize.render("production")));
    }

    private static void assertNoViolations(String overlay, List<String> violations) {
        assertTrue(violations.isEmpty(), "deploy/overlays/" + overlay + " breaks:\n  - " + String.join("\n  - ", violations));
    }
}
