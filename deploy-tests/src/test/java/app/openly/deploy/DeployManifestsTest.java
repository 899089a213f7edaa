package app.openly.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

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

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyContainerHasProbesResourcesAndAHardenedSecurityContext(String overlay) {
        assertNoViolations(overlay, Invariants.podViolations(Kustomize.render(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void noSecretValueIsInTheRepository(String overlay) {
        assertNoViolations(overlay, Invariants.inlineSecretViolations(Kustomize.render(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void servicesReachTheStrimziBootstrapAndTheirOwnCnpgCluster(String overlay) {
        assertNoViolations(overlay, Invariants.wiringViolations(Kustomize.render(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyDeploymentHasServicePdbHpaNetworkPolicyMonitorAndATokenlessServiceAccount(String overlay) {
        assertNoViolations(overlay, Invariants.companionViolations(Kustomize.render(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void coreResourcesUseOnlyFieldsKubernetesKnows(String overlay) {
        assertNoViolations(overlay, StrictCoreSchema.violations(Kustomize.render(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void kafkaTakesOnlyTlsScramClientsAndEachServiceHasExactlyItsAcls(String overlay) {
        assertNoViolations(overlay, Invariants.kafkaSecurityViolations(Kustomize.render(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void servicesConnectToKafkaWithSaslSslFromTheirKafkaUserSecretAndTrustTheClusterCa(String overlay) {
        assertNoViolations(overlay, Invariants.kafkaClientViolations(Kustomize.render(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void aChangedSecretRollsItsReadersButTheMasterKeyNeverDoes(String overlay) {
        assertNoViolations(overlay, Invariants.reloadViolations(Kustomize.render(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void alertsReadMetricsTheCodeRegistersAndPointToARunbook(String overlay) {
        assertNoViolations(overlay, Invariants.alertViolations(Kustomize.render(overlay)));
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
