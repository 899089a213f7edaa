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
    void overlayRendersTheThreeServicesTheWebFrontKafkaAndTheirDatabases(String overlay) {
        Manifests m = Kustomize.render(overlay);

        assertEquals(List.of("insights-service", "journal-service", "reminder-service", "web"),
                m.ofKind("Deployment").stream().map(Manifests::name).sorted().toList());
        assertEquals(1, m.ofKind("Kafka").size(), "one Strimzi Kafka");
        // Strimzi 1.x runs only KRaft with node pools: the KRaft controllers come from a KafkaNodePool of this cluster.
        String kafka = Manifests.name(m.ofKind("Kafka").get(0));
        assertTrue(m.ofKind("KafkaNodePool").stream().anyMatch(pool ->
                        kafka.equals(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                                && pool.path("spec").path("roles").toString().contains("\"controller\"")),
                "a KafkaNodePool of " + kafka + " with the controller role");
        // Ignored since Strimzi 0.48: a manifest that still sets them was written for an older operator.
        assertTrue(m.ofKind("Kafka").get(0).path("metadata").path("annotations").path("strimzi.io/kraft").isMissingNode()
                && m.ofKind("Kafka").get(0).path("metadata").path("annotations").path("strimzi.io/node-pools").isMissingNode(),
                "no strimzi.io/kraft or strimzi.io/node-pools annotation");
        assertEquals(3, m.ofKind("Cluster").size(), "one CloudNativePG Cluster per service database");
    }

    /** Every rule both overlays keep, by what it guarantees (the breakage tests prove each can fail). */
    private static final Map<String, Function<Manifests, List<String>>> BOTH_OVERLAYS = new LinkedHashMap<>();

    static {
        BOTH_OVERLAYS.put("every container has probes, resources and a hardened security context", Invariants::podViolations);
        BOTH_OVERLAYS.put("no secret value is in the repository", Invariants::inlineSecretViolations);
        BOTH_OVERLAYS.put("services reach the Strimzi bootstrap and their own CNPG cluster; the web front neither", Invariants::wiringViolations);
        BOTH_OVERLAYS.put("every Deployment has Service, PDB, HPA, NetworkPolicy, ServiceMonitor and a token-less ServiceAccount",
                Invariants::companionViolations);
        BOTH_OVERLAYS.put("every object is valid for the vendored Kubernetes OpenAPI and operator CRDs, unknown fields included",
                m -> ApiSchemas.vendored().violations(m));
        BOTH_OVERLAYS.put("Kafka takes only TLS+SCRAM clients and each service has exactly its ACLs", Invariants::kafkaSecurityViolations);
        BOTH_OVERLAYS.put("services connect to Kafka with SASL_SSL from their KafkaUser Secret and trust the cluster CA",
                Invariants::kafkaClientViolations);
        BOTH_OVERLAYS.put("a changed Secret rolls its readers, the master key never does", Invariants::reloadViolations);
        BOTH_OVERLAYS.put("the web front signs in through OIDC, shares one session key and reaches only the services and HTTPS",
                Invariants::frontViolations);
        BOTH_OVERLAYS.put("Web Push keys come from a Secret, push services are reached over HTTPS, never plain http",
                Invariants::webPushViolations);
        BOTH_OVERLAYS.put("the SMTP relay and the link key come from Secrets, letters go over STARTTLS to the submission port",
                Invariants::emailViolations);
        BOTH_OVERLAYS.put("alerts read metrics the code registers and point to a runbook", Invariants::alertViolations);
        BOTH_OVERLAYS.put("health and metrics are on the management port, scraped by Prometheus only", Invariants::managementViolations);
        BOTH_OVERLAYS.put("every alert expression, duration and template parses (promtool check rules)", PromRules::violations);
    }

    static Stream<Arguments> overlaysAndRules() {
        return Stream.of("dev", "production").flatMap(overlay -> BOTH_OVERLAYS.keySet().stream().map(rule -> Arguments.of(overlay, rule)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndRules")
    void bothOverlaysKeepEveryRule(String overlay, String rule) {
        assertNoViolations("deploy/overlays/" + overlay, BOTH_OVERLAYS.get(rule).apply(Kustomize.render(overlay)));
    }

    /** The services whose application.properties declare an incoming Kafka channel. */
    static Stream<String> consumingServices() {
        return Stream.of("journal-service", "reminder-service", "insights-service")
                .filter(service -> !Invariants.incomingChannels(Invariants.applicationProperties(service)).isEmpty());
    }

    @Test
    void theConsumersInTheCodeAreTheKafkaUsersAllowedToRead() {
        List<String> consumers = consumingServices().sorted().toList();
        List<String> readers = Kustomize.render("production").ofKind("KafkaUser").stream()
                .filter(user -> Invariants.grantedAcls(user).stream().anyMatch(acl -> acl.startsWith("topic ") && acl.endsWith(": Read")))
                .map(Manifests::name).sorted().toList();
        assertFalse(consumers.isEmpty(), "no service consumes a topic: the dead-letter checks below would check nothing");
        assertEquals(readers, consumers);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consumingServices")
    void everyConsumerDeadLettersPoisonThroughAProducerThatWaitsForAllInSyncReplicas(String service) {
        assertNoViolations(service + "/src/main/resources/application.properties", Invariants.deadLetterViolations(service, Invariants.applicationProperties(service)));
    }

    @Test
    void theAclsFollowTheCodesTopicsAndConsumerGroups() {
        var acls = Invariants.expectedAcls();
        assertEquals(java.util.Set.of("topic journal.entry-events: Write", "topic journal.entry-events: Describe",
                "cluster: IdempotentWrite", "topic reminders.due: Read", "topic reminders.due: Describe",
                "group journal-service-languages: Read", "topic reminders.due.dlq: Write", "topic reminders.due.dlq: Describe"),
                acls.get("journal-service"));
        assertTrue(acls.get("reminder-service").contains("group reminder-service: Read"), acls.toString());
        assertTrue(acls.get("insights-service").contains("topic journal.entry-events.dlq: Write"), acls.toString());
        assertTrue(acls.get("insights-service").contains("topic insights.weekly-summaries: Write"), acls.toString());
    }

    @Test
    void theWebFrontIsTheOneDeploymentWithoutKafkaPostgresOrMetrics() {
        Manifests m = Kustomize.render("production");
        List<String> withoutBackends = m.ofKind("Deployment").stream().map(Manifests::name)
                .filter(d -> !Invariants.moduleUses(d, Invariants.KAFKA_EXTENSION) && !Invariants.moduleUses(d, Invariants.POSTGRES_EXTENSION))
                .toList();
        assertEquals(List.of("web"), withoutBackends);
        assertTrue(Invariants.servesOnlyHealthUnderQ("web"), "web/pom.xml has no metrics or OpenAPI extension");
        assertFalse(Invariants.servesOnlyHealthUnderQ("journal-service"), "the services serve /q/metrics and /q/openapi");
        assertEquals(3, Invariants.kafkaClients(m).size());
        assertEquals(3, Invariants.databaseClients(m).size());
    }

    @Test
    void theAclsFollowTheDeliveryConsumerAndTheGrouplessStreamReader() {
        var acls = Invariants.expectedAcls().get("reminder-service");
        assertTrue(acls.containsAll(java.util.Set.of("group reminder-service-delivery: Read", "topic reminders.due: Read",
                "topic reminders.due: Describe", "topic reminders.due.dlq: Write", "topic reminders.due.dlq: Describe")), acls.toString());
        assertEquals(java.util.Set.of("reminders.due"), Invariants.assignedTopics("reminder-service"));
        assertEquals(java.util.Set.of("/api/v1/notifications/stream"), Invariants.serverSentEventPaths());
    }

    @Test
    void productionIngressExposesOnlyTheApiOverTls() {
        assertNoViolations("deploy/overlays/production", Invariants.ingressViolations(Kustomize.render("production")));
    }

    @Test
    void productionLettersAndNotificationsLinkToThePublicHosts() {
        assertNoViolations("deploy/overlays/production", Invariants.publicLinkViolations(Kustomize.render("production")));
    }

    @Test
    void productionHasEveryTopicWithReplicationThreeAndMinInsyncTwo() {
        assertNoViolations("deploy/overlays/production", Invariants.topicViolations(Kustomize.render("production"), 3, 2));
    }

    @Test
    void devHasEveryTopicOnItsSingleBroker() {
        assertNoViolations("deploy/overlays/dev", Invariants.topicViolations(Kustomize.render("dev"), 1, 1));
    }

    @Test
    void everyLedgerOutlastsTheLongestRedeliveryTheTopicsAllow() {
        assertNoViolations("deploy/overlays/production", Invariants.ledgerRetentionViolations(Kustomize.render("production")));
        assertNoViolations("deploy/overlays/dev", Invariants.ledgerRetentionViolations(Kustomize.render("dev")));
    }

    @Test
    void productionReplicatesKafkaAndPostgresThreeWaysAndBacksUpEveryDatabase() {
        assertNoViolations("deploy/overlays/production", Invariants.productionResilienceViolations(Kustomize.render("production")));
    }

    private static void assertNoViolations(String subject, List<String> violations) {
        assertTrue(violations.isEmpty(), subject + " breaks:\n  - " + String.join("\n  - ", violations));
    }
}
