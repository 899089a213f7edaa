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
        expect(m2 -> ApiSchemas.vendored().violations(m2), m, "readOnlyRootFileSystem");
        expect(Invariants::podViolations, m, "journal-service: readOnlyRootFilesystem must be true");
    }

    @Test
    void healthOrMetricsBackOnThePublicPortAreCaught() {
        Manifests m = production();
        ((ObjectNode) container(m, "insights-service").path("livenessProbe").path("httpGet")).put("port", "http");
        ObjectNode monitor = (ObjectNode) m.ofKind("ServiceMonitor").stream().filter(s -> "journal-service".equals(Manifests.name(s)))
                .findFirst().orElseThrow();
        ((ObjectNode) monitor.path("spec").path("endpoints").get(0)).put("port", "http");
        ObjectNode policy = (ObjectNode) m.ofKind("NetworkPolicy").stream().filter(s -> "reminder-service".equals(Manifests.name(s)))
                .findFirst().orElseThrow();
        ((ObjectNode) policy.path("spec").path("ingress").get(0).path("ports").get(0)).put("port", "management");
        expect(Invariants::managementViolations, m, "insights-service container insights-service: livenessProbe must use port management (is http)");
        expect(Invariants::managementViolations, m, "ServiceMonitor/journal-service: scrapes port http, must be management");
        expect(Invariants::managementViolations, m, "admits");
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
        spec.remove("plugins");
        expect(Invariants::productionResilienceViolations, m, "Cluster/journal-db: production needs 3 instances");
        expect(Invariants::productionResilienceViolations, m,
                "Cluster/journal-db: no enabled barman-cloud.cloudnative-pg.io plugin with isWALArchiver: true");
    }

    @Test
    void inTreeBarmanBackupsASnapshotScheduleOrAStoreWithoutCredentialsAreCaughtInProduction() throws Exception {
        Manifests m = production();
        ((ObjectNode) m.find("Cluster", "reminder-db").orElseThrow().path("spec")).set("backup", Kustomize.parse("""
                barmanObjectStore: {destinationPath: "s3://openly-db-backups/"}
                """).get(0));
        ((ObjectNode) m.find("ScheduledBackup", "insights-db-daily").orElseThrow().path("spec")).put("method", "volumeSnapshot");
        ((ObjectNode) m.find("ObjectStore", "openly-db-backups").orElseThrow().path("spec").path("configuration")).remove("s3Credentials");
        expect(Invariants::productionResilienceViolations, m, "Cluster/reminder-db: spec.backup.barmanObjectStore is CloudNativePG's deprecated");
        expect(Invariants::productionResilienceViolations, m, "ScheduledBackup/insights-db-daily: must back up with method plugin");
        expect(Invariants::productionResilienceViolations, m, "Cluster/insights-db: no ScheduledBackup");
        expect(Invariants::productionResilienceViolations, m, "ObjectStore/openly-db-backups: s3Credentials.accessKeyId must reference a Secret");
    }

    private static ObjectNode configData(Manifests m, String service) {
        return m.ofKind("ConfigMap").stream().filter(cm -> Manifests.name(cm).startsWith(service + "-config"))
                .map(cm -> (ObjectNode) cm.path("data")).findFirst().orElseThrow();
    }

    @Test
    void aLiteralOrConfigMapJaasConfigIsCaught() {
        Manifests m = production();
        for (JsonNode entry : container(m, "reminder-service").path("env")) {
            if ("KAFKA_SASL_JAAS_CONFIG".equals(entry.path("name").asText())) {
                ((ObjectNode) entry).remove("valueFrom");
                ((ObjectNode) entry).put("value",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"reminder-service\" password=\"x\";");
            }
        }
        ArrayNode env = (ArrayNode) container(m, "insights-service").path("env");
        for (int i = env.size() - 1; i >= 0; i--) {
            if ("KAFKA_SASL_JAAS_CONFIG".equals(env.get(i).path("name").asText())) {
                env.remove(i);
            }
        }
        configData(m, "insights-service").put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        expect(Invariants::kafkaClientViolations, m, "Deployment/reminder-service: KAFKA_SASL_JAAS_CONFIG must come from a secretKeyRef");
        expect(Invariants::kafkaClientViolations, m, "Deployment/insights-service: KAFKA_SASL_JAAS_CONFIG must come from a secretKeyRef");
    }

    @Test
    void plaintextKafkaClientsOrAnUnmountedClusterCaAreCaught() {
        Manifests m = production();
        configData(m, "journal-service").put("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
        removeWhere(((ObjectNode) m.find("Deployment", "reminder-service").orElseThrow().path("spec").path("template").path("spec"))
                .withArray("volumes"), v -> "kafka-ca".equals(v.path("name").asText()));
        expect(Invariants::kafkaClientViolations, m, "Deployment/journal-service: KAFKA_SECURITY_PROTOCOL must be SASL_SSL");
        expect(Invariants::kafkaClientViolations, m, "Deployment/reminder-service: Secret openly-kafka-cluster-ca-cert (key ca.crt) must be mounted");
    }

    @Test
    void aMissingOrExtraAclOrAMissingUserIsCaught() throws Exception {
        Manifests m = production();
        ArrayNode reminderAcls = (ArrayNode) m.find("KafkaUser", "reminder-service").orElseThrow()
                .path("spec").path("authorization").path("acls");
        removeWhere(reminderAcls, acl -> Topics.REMINDERS_DUE.equals(acl.path("resource").path("name").asText()));
        ArrayNode insightsAcls = (ArrayNode) m.find("KafkaUser", "insights-service").orElseThrow()
                .path("spec").path("authorization").path("acls");
        insightsAcls.add(Kustomize.parse("""
                resource: {type: topic, name: journal., patternType: prefix}
                operations: [All]
                """).get(0));
        m.docs().removeIf(d -> "KafkaUser".equals(d.path("kind").asText()) && "journal-service".equals(Manifests.name(d)));
        expect(Invariants::kafkaSecurityViolations, m, "KafkaUser/reminder-service: missing ACLs [topic reminders.due: Describe, topic reminders.due: Read, topic reminders.due: Write]");
        expect(Invariants::kafkaSecurityViolations, m, "KafkaUser/insights-service: ACLs beyond what the service needs [topic journal. (prefix): All]");
        expect(Invariants::kafkaSecurityViolations, m, "no KafkaUser journal-service");
    }

    @Test
    void aPlainListenerOrMissingAuthorizationIsCaught() throws Exception {
        Manifests m = production();
        ObjectNode kafka = (ObjectNode) m.ofKind("Kafka").get(0).path("spec").path("kafka");
        kafka.withArray("listeners").add(Kustomize.parse("{name: plain, port: 9092, type: internal, tls: false}").get(0));
        kafka.remove("authorization");
        expect(Invariants::kafkaSecurityViolations, m, "listener plain: must use TLS");
        expect(Invariants::kafkaSecurityViolations, m, "listener plain: must authenticate clients with scram-sha-512 (is none)");
        expect(Invariants::kafkaSecurityViolations, m, "authorization.type must be simple");
    }

    @Test
    void aServiceThatCannotReachTheTlsListenerIsCaught() {
        Manifests m = production();
        configData(m, "journal-service").put("KAFKA_BOOTSTRAP_SERVERS", "openly-kafka-kafka-bootstrap:9092");
        for (JsonNode rule : m.find("NetworkPolicy", "reminder-service").orElseThrow().path("spec").path("egress")) {
            for (JsonNode port : rule.path("ports")) {
                if (port.path("port").asInt() == 9093) {
                    ((ObjectNode) port).put("port", 9092);
                }
            }
        }
        expect(Invariants::wiringViolations, m, "KAFKA_BOOTSTRAP_SERVERS openly-kafka-kafka-bootstrap:9092 is not one of");
        expect(Invariants::wiringViolations, m, "Deployment/reminder-service: its NetworkPolicy does not allow egress to the Kafka brokers on port 9093");
    }

    @Test
    void aJdbcUrlWithoutVerifyFullOrWithoutTheMountedCaIsCaught() {
        Manifests m = production();
        configData(m, "journal-service").put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://journal-db-rw:5432/journal?sslmode=disable");
        configData(m, "insights-service").put("QUARKUS_DATASOURCE_JDBC_URL",
                "jdbc:postgresql://insights-db-rw:5432/insights?sslmode=verify-full&sslrootcert=/etc/ssl/certs/ca.crt");
        expect(Invariants::wiringViolations, m, "Deployment/journal-service: JDBC URL must use sslmode=verify-full (is disable)");
        expect(Invariants::wiringViolations, m, "Deployment/insights-service: JDBC sslrootcert must be /etc/openly/db-ca/ca.crt");
    }

    @Test
    void anIngressThatExposesQOrRoutesElsewhereIsCaught() throws Exception {
        Manifests m = production();
        ArrayNode paths = (ArrayNode) m.ofKind("Ingress").get(0).path("spec").path("rules").get(0).path("http").path("paths");
        paths.add(Kustomize.parse("""
                path: /q/metrics
                pathType: Prefix
                backend: {service: {name: journal-service, port: {name: http}}}
                """).get(0));
        paths.add(Kustomize.parse("""
                path: /api/v1/db
                pathType: Prefix
                backend: {service: {name: journal-db-rw, port: {number: 5432}}}
                """).get(0));
        expect(Invariants::ingressViolations, m, "path /q/metrics: exposes /q");
        expect(Invariants::ingressViolations, m, "Ingress routes to journal-db-rw, which is not one of the services");
        expect(Invariants::ingressViolations, m, "path /api/v1/db: must route to the service port http");
    }

    @Test
    void anIngressControllerBlockedByTheNetworkPolicyOrAnIngressWithoutTlsIsCaught() {
        Manifests m = production();
        for (JsonNode rule : m.find("NetworkPolicy", "reminder-service").orElseThrow().path("spec").path("ingress")) {
            removeWhere((ArrayNode) rule.path("from"), from -> Invariants.INGRESS_CONTROLLER_NAMESPACE.equals(
                    from.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText()));
        }
        ((ObjectNode) m.ofKind("Ingress").get(0).path("spec")).remove("tls");
        expect(Invariants::ingressViolations, m, "Deployment/reminder-service: no NetworkPolicy admits namespace ingress-nginx");
        expect(Invariants::ingressViolations, m, "host 'api.openly.example' is not covered by tls");
    }

    @Test
    void aDeadLetterProducerWithoutAcksAllOrAConsumerThatDropsPoisonIsCaught() {
        java.util.Properties reminder = Invariants.applicationProperties("reminder-service");
        reminder.remove("mp.messaging.incoming.entry-events.dead-letter-queue.acks");
        java.util.Properties insights = Invariants.applicationProperties("insights-service");
        insights.setProperty("mp.messaging.incoming.entry-events.failure-strategy", "ignore");
        assertTrue(Invariants.deadLetterViolations("reminder-service", reminder)
                        .contains("reminder-service channel entry-events: dead-letter-queue.acks must be all"),
                Invariants.deadLetterViolations("reminder-service", reminder).toString());
        assertTrue(Invariants.deadLetterViolations("insights-service", insights).stream()
                        .anyMatch(v -> v.startsWith("insights-service channel entry-events: failure-strategy must be dead-letter-queue")),
                Invariants.deadLetterViolations("insights-service", insights).toString());
    }

    private static void removeWhere(ArrayNode array, java.util.function.Predicate<JsonNode> condition) {
        for (int i = array.size() - 1; i >= 0; i--) {
            if (condition.test(array.get(i))) {
                array.remove(i);
            }
        }
    }

    private static ObjectNode alert(Manifests m, String name) {
        for (JsonNode group : m.ofKind("PrometheusRule").get(0).path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (name.equals(rule.path("alert").asText())) {
                    return (ObjectNode) rule;
                }
            }
        }
        throw new AssertionError("no alert " + name);
    }

    @Test
    void anAlertOnARenamedMetricOrWithoutRunbookIsCaught() {
        Manifests m = production();
        alert(m, "OpenlyOutboxBacklog").put("expr", "max by (job) (openly_outbox_pending) > 1000");
        ((ObjectNode) alert(m, "OpenlyServiceDown").path("annotations")).put("runbook", "deploy/README.md#nowhere");
        ((ObjectNode) alert(m, "OpenlyServerErrors").path("labels")).remove("severity");
        expect(Invariants::alertViolations, m, "alert OpenlyOutboxBacklog: reads openly_outbox_pending, which no service registers");
        expect(Invariants::alertViolations, m, "no alert reads openly_outbox_backlog");
        expect(Invariants::alertViolations, m, "alert OpenlyServiceDown: runbook 'deploy/README.md#nowhere'");
        expect(Invariants::alertViolations, m, "alert OpenlyServerErrors: severity must be warning or critical");
    }

    @Test
    void aMissingOrDangerousReloadEntryIsCaught() {
        Manifests m = production();
        ((ObjectNode) m.find("Deployment", "journal-service").orElseThrow().path("metadata").path("annotations"))
                .put(Invariants.RELOAD_ANNOTATION, "journal-db-app,journal-service,openly-kafka-cluster-ca-cert,openly-jwt,journal-crypto");
        ((ObjectNode) m.find("Deployment", "reminder-service").orElseThrow().path("metadata").path("annotations"))
                .put(Invariants.RELOAD_ANNOTATION, "reminder-db-app,reminder-db-ca,reminder-service,openly-kafka-cluster-ca-cert,openly-jwt,journal-db-ca");
        expect(Invariants::reloadViolations, m, "journal-service: " + Invariants.RELOAD_ANNOTATION + " misses Secret journal-db-ca");
        expect(Invariants::reloadViolations, m, "names the master key's Secret journal-crypto");
        expect(Invariants::reloadViolations, m, "reminder-service: " + Invariants.RELOAD_ANNOTATION + " names Secret journal-db-ca, which its pods do not read");
    }

    @Test
    void anAlertExpressionOrTemplateThatDoesNotParseIsCaught() {
        Manifests m = production();
        // Still reads openly_outbox_backlog (the metric rule is satisfied); only the parser can see the missing ")".
        alert(m, "OpenlyOutboxBacklog").put("expr", "max by (job) (openly_outbox_backlog > 1000");
        ((ObjectNode) alert(m, "OpenlyServiceDown").path("annotations")).put("summary", "{{ $labels.job }: down");
        expect(PromRules::violations, m, "\"OpenlyOutboxBacklog\": could not parse expression");
        expect(PromRules::violations, m, "\"OpenlyServiceDown\": annotation \"summary\": template");
        assertTrue(Invariants.alertViolations(m).isEmpty(), "the metric-name rule alone cannot see it: " + Invariants.alertViolations(m));
    }

    @Test
    void aDeliveryAlertOnARenamedTimerIsCaught() {
        Manifests m = production();
        alert(m, "OpenlyReminderDeliveryLate").put("expr", "max by (job, channel) (openly_notifications_due_to_send_seconds{quantile=\"0.99\"}) > 60");
        expect(Invariants::alertViolations, m, "alert OpenlyReminderDeliveryLate: reads openly_notifications_due_to_send_seconds, which no service registers");
        expect(Invariants::alertViolations, m, "no alert reads openly_notifications_due_to_sent");
    }

    @Test
    void noAlertsAtAllIsCaught() {
        Manifests m = production();
        ((ArrayNode) m.ofKind("PrometheusRule").get(0).path("spec").path("groups")).removeAll();
        expect(Invariants::alertViolations, m, "no PrometheusRule alert");
    }

    @Test
    void aDeliveryConsumerWithoutItsGroupOrDeadLetterAclIsCaught() {
        Manifests m = production();
        ArrayNode acls = (ArrayNode) m.find("KafkaUser", "reminder-service").orElseThrow()
                .path("spec").path("authorization").path("acls");
        removeWhere(acls, acl -> "reminder-service-delivery".equals(acl.path("resource").path("name").asText())
                || Topics.dlq(Topics.REMINDERS_DUE).equals(acl.path("resource").path("name").asText()));
        expect(Invariants::kafkaSecurityViolations, m, "KafkaUser/reminder-service: missing ACLs [group reminder-service-delivery: Read, "
                + "topic reminders.due.dlq: Describe, topic reminders.due.dlq: Write]");
    }

    @Test
    void aWebFrontThatIsNotHardenedOrSharesNoSessionKeyIsCaught() {
        Manifests m = production();
        ObjectNode web = container(m, "web");
        ((ObjectNode) web.path("securityContext")).put("readOnlyRootFilesystem", false);
        web.remove("livenessProbe");
        for (JsonNode entry : web.path("env")) {
            if (Invariants.WEB_SESSION_KEY_ENV.equals(entry.path("name").asText())) {
                ((ObjectNode) entry).remove("valueFrom");
                ((ObjectNode) entry).put("value", "c2VjcmV0LXNlc3Npb24ta2V5");
            }
        }
        ((ObjectNode) m.ofKind("ServiceAccount").stream().filter(a -> "web".equals(Manifests.name(a))).findFirst().orElseThrow())
                .put("automountServiceAccountToken", true);
        expect(Invariants::podViolations, m, "Deployment/web container web: readOnlyRootFilesystem must be true");
        expect(Invariants::podViolations, m, "Deployment/web container web: livenessProbe must be an httpGet on /q/health/live");
        expect(Invariants::inlineSecretViolations, m, "Deployment/web env OPENLY_WEB_SESSION_KEY: must come from a secretKeyRef");
        expect(Invariants::frontViolations, m, "Deployment/web: OPENLY_WEB_SESSION_KEY must come from a non-optional secretKeyRef");
        expect(Invariants::companionViolations, m, "ServiceAccount web must set automountServiceAccountToken: false");
    }

    @Test
    void aWebFrontWithLocalSignInKafkaEgressOrAForeignUpstreamIsCaught() throws Exception {
        Manifests m = production();
        ObjectNode config = (ObjectNode) m.ofKind("ConfigMap").stream().filter(c -> Manifests.name(c).startsWith("web-config"))
                .findFirst().orElseThrow().path("data");
        config.put("OPENLY_WEB_AUTH_MODE", "local");
        config.put("OPENLY_WEB_UPSTREAMS_INSIGHTS", "http://insights.example.com");
        config.put("KAFKA_BOOTSTRAP_SERVERS", "openly-kafka-kafka-bootstrap:9093");
        ((ArrayNode) m.find("NetworkPolicy", "web").orElseThrow().path("spec").path("egress")).add(Kustomize.parse("""
                to: [{podSelector: {matchLabels: {strimzi.io/cluster: openly-kafka, strimzi.io/kind: Kafka}}}]
                ports: [{port: 9093, protocol: TCP}]
                """).get(0));
        m.docs().removeIf(d -> "NetworkPolicy".equals(d.path("kind").asText()) && "reminder-service".equals(Manifests.name(d)));
        expect(Invariants::frontViolations, m, "Deployment/web: OPENLY_WEB_AUTH_MODE must be oidc (is local)");
        expect(Invariants::frontViolations, m, "Deployment/web: OPENLY_WEB_UPSTREAMS_INSIGHTS http://insights.example.com is not http://<Service>");
        expect(Invariants::frontViolations, m, "NetworkPolicy/web: egress to {\"podSelector\":{\"matchLabels\":{\"strimzi.io/cluster\"");
        expect(Invariants::frontViolations, m, "Deployment/reminder-service: no NetworkPolicy admits web's pods to port http");
        expect(Invariants::wiringViolations, m, "Deployment/web: sets KAFKA_BOOTSTRAP_SERVERS, but its module uses neither Kafka nor PostgreSQL");
        expect(Invariants::companionViolations, m, "Deployment/reminder-service: no NetworkPolicy selects its pods");
    }

    @Test
    void aWebFrontWithoutNetworkPolicyIsCaught() {
        Manifests m = production();
        m.docs().removeIf(d -> "NetworkPolicy".equals(d.path("kind").asText()) && "web".equals(Manifests.name(d)));
        expect(Invariants::companionViolations, m, "Deployment/web: no NetworkPolicy selects its pods");
        expect(Invariants::frontViolations, m, "Deployment/web: its NetworkPolicy does not allow egress to journal-service on port 8081");
    }

    @Test
    void theWholePathSpaceForAServiceOrABufferedEventStreamIsCaught() {
        Manifests m = production();
        JsonNode webIngress = m.find("Ingress", "openly-web").orElseThrow();
        ((ObjectNode) webIngress.path("spec").path("rules").get(0).path("http").path("paths").get(0).path("backend").path("service"))
                .put("name", "journal-service");
        m.docs().removeIf(d -> "Ingress".equals(d.path("kind").asText()) && "openly-api-stream".equals(Manifests.name(d)));
        ((ObjectNode) m.find("Ingress", "openly-web-stream").orElseThrow().path("metadata").path("annotations"))
                .remove("nginx.ingress.kubernetes.io/proxy-read-timeout");
        expect(Invariants::ingressViolations, m, "Ingress/openly-web path /: exposes /q (health, metrics, OpenAPI) or everything");
        expect(Invariants::ingressViolations, m, "Ingress/openly-api (host api.openly.example, Server-Sent Events /api/v1/notifications/stream): "
                + "needs nginx.ingress.kubernetes.io/proxy-buffering");
        expect(Invariants::ingressViolations, m, "Ingress/openly-web-stream (host app.openly.example, Server-Sent Events /api/v1/notifications/stream): "
                + "nginx.ingress.kubernetes.io/proxy-read-timeout must be well above");
    }

    @Test
    void inlineOrOptionalVapidKeysInsecureOriginsOrNoPushEgressAreCaught() throws Exception {
        Manifests m = production();
        ObjectNode reminder = container(m, "reminder-service");
        for (JsonNode entry : reminder.path("env")) {
            if ("OPENLY_NOTIFICATIONS_VAPID_PRIVATE_KEY".equals(entry.path("name").asText())) {
                ((ObjectNode) entry.path("valueFrom").path("secretKeyRef")).put("optional", true);
            }
        }
        ((ArrayNode) reminder.path("env")).add(Kustomize.parse("{name: OPENLY_NOTIFICATIONS_INSECURE_ORIGINS, value: 'http://10.0.0.1'}").get(0));
        removeWhere((ArrayNode) m.find("NetworkPolicy", "reminder-service").orElseThrow().path("spec").path("egress"),
                rule -> rule.toString().contains("0.0.0.0/0"));
        expect(Invariants::webPushViolations, m, "Deployment/reminder-service: OPENLY_NOTIFICATIONS_VAPID_PRIVATE_KEY must come from a secretKeyRef with optional: false");
        expect(Invariants::webPushViolations, m, "Deployment/reminder-service: sets OPENLY_NOTIFICATIONS_INSECURE_ORIGINS");
        expect(Invariants::webPushViolations, m, "Deployment/reminder-service: its NetworkPolicy does not allow HTTPS (443) to the push services");
        ((ObjectNode) m.find("Deployment", "reminder-service").orElseThrow().path("metadata").path("annotations"))
                .put(Invariants.RELOAD_ANNOTATION, "reminder-db-app,reminder-db-ca,reminder-service,openly-kafka-cluster-ca-cert,openly-jwt");
        expect(Invariants::reloadViolations, m, "reminder-service: " + Invariants.RELOAD_ANNOTATION + " misses Secret reminder-vapid");
    }

    @Test
    void smtpSettingsInTheOpenPlaintextMailOrNoSmtpEgressAreCaught() throws Exception {
        Manifests m = production();
        ObjectNode reminder = container(m, "reminder-service");
        removeWhere((ArrayNode) reminder.path("env"), entry -> "QUARKUS_MAILER_PASSWORD".equals(entry.path("name").asText()));
        ((ArrayNode) reminder.path("env")).add(Kustomize.parse("{name: QUARKUS_MAILER_PASSWORD, value: hunter2}").get(0));
        for (JsonNode entry : reminder.path("env")) {
            if ("QUARKUS_MAILER_HOST".equals(entry.path("name").asText())) {
                ((ObjectNode) entry.path("valueFrom").path("secretKeyRef")).put("optional", true);
            }
        }
        ObjectNode config = (ObjectNode) m.ofKind("ConfigMap").stream()
                .filter(cm -> Manifests.name(cm).startsWith("reminder-service-config")).findFirst().orElseThrow().path("data");
        config.put("QUARKUS_MAILER_USERNAME", "letters").put("QUARKUS_MAILER_START_TLS", "DISABLED");
        removeWhere((ArrayNode) m.find("NetworkPolicy", "reminder-service").orElseThrow().path("spec").path("egress"),
                rule -> rule.toString().contains("\"port\":" + Invariants.SMTP_SUBMISSION_PORT));
        expect(Invariants::emailViolations, m, "Deployment/reminder-service: QUARKUS_MAILER_PASSWORD must come from a secretKeyRef with optional: false");
        expect(Invariants::emailViolations, m, "Deployment/reminder-service: QUARKUS_MAILER_HOST must come from a secretKeyRef with optional: false");
        expect(Invariants::emailViolations, m, ": holds QUARKUS_MAILER_USERNAME (SMTP settings and the link key come from a Secret)");
        expect(Invariants::emailViolations, m, "Deployment/reminder-service: QUARKUS_MAILER_START_TLS must be REQUIRED (is DISABLED)");
        expect(Invariants::emailViolations, m, "Deployment/reminder-service: its NetworkPolicy does not allow TCP 587 to the SMTP relay");
        ((ObjectNode) m.find("Deployment", "reminder-service").orElseThrow().path("metadata").path("annotations"))
                .put(Invariants.RELOAD_ANNOTATION, "reminder-db-app,reminder-db-ca,reminder-service,openly-kafka-cluster-ca-cert,openly-jwt,reminder-vapid,reminder-fcm,reminder-apns");
        expect(Invariants::reloadViolations, m, "reminder-service: " + Invariants.RELOAD_ANNOTATION + " misses Secret reminder-smtp");
    }

    @Test
    void aLetterLinkToTheLocalDefaultOrAMissingNotificationLinkIsCaught() {
        Manifests m = production();
        ObjectNode config = (ObjectNode) m.ofKind("ConfigMap").stream()
                .filter(cm -> Manifests.name(cm).startsWith("reminder-service-config")).findFirst().orElseThrow().path("data");
        config.put("OPENLY_EMAIL_LINK_BASE", "http://127.0.0.1:8082");
        config.remove("OPENLY_NOTIFICATIONS_APP_URL");
        config.put("QUARKUS_MAILER_FROM", "Openly <letters@openly.local>");
        expect(Invariants::publicLinkViolations, m, "OPENLY_EMAIL_LINK_BASE must be an https URL");
        expect(Invariants::publicLinkViolations, m, "OPENLY_NOTIFICATIONS_APP_URL must be an https URL");
        expect(Invariants::publicLinkViolations, m, "QUARKUS_MAILER_FROM must name the sender");
    }

    @Test
    void aLedgerRetentionShorterThanTheTopicsAllowIsCaught() {
        Manifests m = production();
        for (JsonNode cm : m.ofKind("ConfigMap")) {
            if (Manifests.name(cm).startsWith("reminder-service-config")) {
                ((ObjectNode) cm.path("data")).remove(Invariants.LEDGER_RETENTION_ENV);
            }
            if (Manifests.name(cm).startsWith("insights-service-config")) {
                ((ObjectNode) cm.path("data")).put(Invariants.LEDGER_RETENTION_ENV, "14d"); // "longer than the topics' 14 days"
            }
        }
        expect(Invariants::ledgerRetentionViolations, m, "Deployment/reminder-service: OPENLY_PROCESSED_EVENTS_RETENTION must be set");
        expect(Invariants::ledgerRetentionViolations, m,
                "Deployment/insights-service: OPENLY_PROCESSED_EVENTS_RETENTION 14d does not outlast the longest redelivery, 35 days");

        Manifests longerTopic = production();
        for (JsonNode topic : longerTopic.ofKind("KafkaTopic")) {
            if ("journal.entry-events.dlq".equals(topic.path("spec").path("topicName").asText())) {
                ((ObjectNode) topic.path("spec").path("config")).put("retention.ms", 30L * 24 * 3600 * 1000);
            }
        }
        expect(Invariants::ledgerRetentionViolations, longerTopic, "does not outlast the longest redelivery, 51 days");
    }

    private static void expect(Function<Manifests, List<String>> check, Manifests broken, String fragment) {
        List<String> violations = check.apply(broken);
        assertTrue(violations.stream().anyMatch(v -> v.contains(fragment)),
                "expected a violation containing '" + fragment + "', got " + violations);
    }
}
