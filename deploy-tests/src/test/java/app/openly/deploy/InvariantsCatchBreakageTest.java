package app.openly.deploy;

import app.openly.events.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the checks are not vacuous: each breaks a fresh copy of the rendered production overlay in one
 * way and expects the matching check to name the problem.
 */
class InvariantsCatchBreakageTest {

    private static Manifests production() {
        return Kustomize.render("production");
    }

    private static ObjectNode container(Manifests m, String deployment) {
        return (ObjectNode) m.find("Deployment", deployment).orElseThrow()
                .path("spec").path("template").path("spec").path("containers").get(0);
    }

    @Test
    void aMissingReadinessProbeIsCaught() {
        Manifests m = production();
        container(m, "reminder-service").remove("readinessProbe");
        expect(Invariants::podViolations, m, "reminder-service container reminder-service: readinessProbe");
    }

    @Test
    void aWritableRootFilesystemOrPrivilegeEscalationIsCaught() {
        Manifests m = production();
        ((ObjectNode) container(m, "journal-service").path("securityContext")).put("readOnlyRootFilesystem", false);
        ((ObjectNode) container(m, "insights-service").path("securityContext")).remove("allowPrivilegeEscalation");
        expect(Invariants::podViolations, m, "journal-service: readOnlyRootFilesystem must be true");
        expect(Invariants::podViolations, m, "insights-service: allowPrivilegeEscalation must be false");
    }

    @Test
    void aMisspeltFieldIsCaught() {
        Manifests m = production();
        ObjectNode sc = (ObjectNode) container(m, "journal-service").path("securityContext");
        sc.set("readOnlyRootFileSystem", sc.remove("readOnlyRootFilesystem"));
        expect(StrictCoreSchema::violations, m, "unknown field(s) [readOnlyRootFileSystem]");
        expect(Invariants::podViolations, m, "journal-service: readOnlyRootFilesystem must be true");
    }

    @Test
    void aMissingMemoryLimitIsCaught() {
        Manifests m = production();
        ((ObjectNode) container(m, "journal-service").path("resources").path("limits")).remove("memory");
        expect(Invariants::podViolations, m, "resources.limits.memory missing");
    }

    @Test
    void aGracePeriodShorterThanPreStopPlusShutdownTimeoutIsCaught() {
        Manifests m = production();
        ((ObjectNode) m.find("Deployment", "journal-service").orElseThrow().path("spec").path("template").path("spec"))
                .put("terminationGracePeriodSeconds", 20);
        expect(Invariants::podViolations, m, "must be below terminationGracePeriodSeconds 20");
    }

    @Test
    void anInlinePasswordOrMasterKeyIsCaught() {
        Manifests m = production();
        ArrayNode env = (ArrayNode) container(m, "journal-service").path("env");
        for (JsonNode entry : env) {
            if ("OPENLY_CRYPTO_MASTER_KEY".equals(entry.path("name").asText())) {
                ((ObjectNode) entry).remove("valueFrom");
                ((ObjectNode) entry).put("value", "c2VjcmV0");
            }
        }
        expect(Invariants::inlineSecretViolations, m, "env OPENLY_CRYPTO_MASTER_KEY: must come from a secretKeyRef");
    }

    @Test
    void aRenderedSecretIsCaught() throws Exception {
        Manifests m = production();
        m.docs().addAll(Kustomize.parse("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: journal-crypto
                stringData:
                  master-key: not-a-real-key
                """));
        expect(Invariants::inlineSecretViolations, m, "Secret/journal-crypto");
    }

    @Test
    void aMissingDeadLetterTopicOrWeakReplicationIsCaught() {
        Manifests m = production();
        m.docs().removeIf(d -> "KafkaTopic".equals(d.path("kind").asText())
                && Topics.dlq(Topics.REMINDERS_DUE).equals(d.path("spec").path("topicName").asText()));
        for (JsonNode topic : m.ofKind("KafkaTopic")) {
            if (Topics.JOURNAL_ENTRY_EVENTS.equals(topic.path("spec").path("topicName").asText())) {
                ((ObjectNode) topic.path("spec").path("config")).put("min.insync.replicas", 1);
            }
        }
        expect(mm -> Invariants.topicViolations(mm, 3, 2), m, "no KafkaTopic for reminders.due.dlq");
        expect(mm -> Invariants.topicViolations(mm, 3, 2), m, "(journal.entry-events): min.insync.replicas must be 2");
    }

    @Test
    void aJdbcUrlOrBootstrapThatNamesNoRenderedResourceIsCaught() {
        Manifests m = production();
        for (JsonNode cm : m.ofKind("ConfigMap")) {
            if (Manifests.name(cm).startsWith("insights-service-config")) {
                ((ObjectNode) cm.path("data")).put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://insights-postgres:5432/insights");
                ((ObjectNode) cm.path("data")).put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
            }
        }
        expect(Invariants::wiringViolations, m, "JDBC host insights-postgres is not the -rw Service");
        expect(Invariants::wiringViolations, m, "KAFKA_BOOTSTRAP_SERVERS kafka:9092 is not one of");
    }

    @Test
    void aConnectionPoolTooLargeForTheDatabaseIsCaught() {
        Manifests m = production();
        for (JsonNode cm : m.ofKind("ConfigMap")) {
            if (Manifests.name(cm).startsWith("reminder-service-config")) {
                ((ObjectNode) cm.path("data")).remove("QUARKUS_DATASOURCE_JDBC_MAX_SIZE"); // Quarkus default: 20
            }
        }
        expect(Invariants::wiringViolations, m, "Deployment/reminder-service: 7 pods x pool 20 = 140 connections exceed");
    }

    @Test
    void aServiceAccountThatMountsItsTokenOrAMissingPdbIsCaught() {
        Manifests m = production();
        ((ObjectNode) m.find("ServiceAccount", "reminder-service").orElseThrow()).put("automountServiceAccountToken", true);
        m.docs().removeIf(d -> "PodDisruptionBudget".equals(d.path("kind").asText())
                && "insights-service".equals(Manifests.name(d)));
        expect(Invariants::companionViolations, m, "ServiceAccount reminder-service must set automountServiceAccountToken: false");
        expect(Invariants::companionViolations, m, "Deployment/insights-service: no PodDisruptionBudget");
    }

    @Test
    void aSingleInstanceDatabaseWithoutBackupIsCaughtInProduction() {
        Manifests m = production();
        ObjectNode spec = (ObjectNode) m.find("Cluster", "journal-db").orElseThrow().path("spec");
        spec.put("instances", 1);
        spec.remove("backup");
        expect(Invariants::productionResilienceViolations, m, "Cluster/journal-db: production needs 3 instances");
        expect(Invariants::productionResilienceViolations, m, "Cluster/journal-db: backup.barmanObjectStore.destinationPath missing");
    }

    private static void expect(Function<Manifests, List<String>> check, Manifests broken, String fragment) {
        List<String> violations = check.apply(broken);
        assertTrue(violations.stream().anyMatch(v -> v.contains(fragment)),
                "expected a violation containing '" + fragment + "', got " + violations);
    }
}
