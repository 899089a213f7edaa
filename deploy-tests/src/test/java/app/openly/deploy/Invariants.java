package app.openly.deploy;

import app.openly.events.Topics;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static app.openly.deploy.Manifests.describe;
import static app.openly.deploy.Manifests.name;

/**
 * The rules every rendered overlay must keep. Each check returns its violations (empty = fine) so the
 * tests can also prove, on deliberately broken copies, that a check really catches what it claims to.
 */
final class Invariants {

    /** Names that carry secret material: their values must come from a Secret, never be written inline. */
    static final Pattern SENSITIVE_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token|credential|master[_.-]?key|private[_.-]?key|api[_.-]?key|access[_.-]?key).*"
                    + "|(?i).*[_.-]key");
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*");
    private static final Pattern DURATION_SECONDS = Pattern.compile("(\\d+)s");
    private static final Map<String, String> PROBE_PATHS = Map.of(
            "startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");

    private Invariants() {
    }

    // ---------------------------------------------------------------- pods

    /** Probes, requests and limits, hardened securityContext, writable /tmp, graceful shutdown timing. */
    static List<String> podViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        List<JsonNode> deployments = m.ofKind("Deployment");
        if (deployments.isEmpty()) {
            violations.add("no Deployment rendered");
        }
        for (JsonNode deployment : deployments) {
            String where = describe(deployment);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode podSecurity = pod.path("securityContext");
            if (pod.path("topologySpreadConstraints").isEmpty()) {
                violations.add(where + ": no topologySpreadConstraints");
            }
            List<JsonNode> containers = new ArrayList<>();
            pod.path("initContainers").forEach(containers::add);
            pod.path("containers").forEach(containers::add);
            if (containers.isEmpty()) {
                violations.add(where + ": no containers");
            }
            for (JsonNode c : containers) {
                String at = where + " container " + c.path("name").asText();
                for (Map.Entry<String, String> probe : PROBE_PATHS.entrySet()) {
                    String path = c.path(probe.getKey()).path("httpGet").path("path").asText(null);
                    if (!probe.getValue().equals(path)) {
                        violations.add(at + ": " + probe.getKey() + " must be an httpGet on " + probe.getValue()
                                + " (is " + path + ")");
                    }
                }
                for (String section : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (c.path("resources").path(section).path(resource).asText("").isEmpty()) {
                            violations.add(at + ": resources." + section + "." + resource + " missing");
                        }
                    }
                }
                JsonNode sc = c.path("securityContext");
                if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                    violations.add(at + ": allowPrivilegeEscalation must be false");
                }
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                    violations.add(at + ": readOnlyRootFilesystem must be true");
                }
                if (sc.path("privileged").asBoolean(false)) {
                    violations.add(at + ": must not be privileged");
                }
                boolean dropsAll = false;
                for (JsonNode cap : sc.path("capabilities").path("drop")) {
                    dropsAll |= "ALL".equals(cap.asText());
                }
                if (!dropsAll) {
                    violations.add(at + ": capabilities.drop must contain ALL");
                }
                if (!sc.path("capabilities").path("add").isEmpty()) {
                    violations.add(at + ": must not add capabilities");
                }
                if (!(sc.path("runAsNonRoot").asBoolean(false) || podSecurity.path("runAsNonRoot").asBoolean(false))
                        || sc.path("runAsNonRoot").isBoolean() && !sc.path("runAsNonRoot").asBoolean()) {
                    violations.add(at + ": runAsNonRoot must be true");
                }
                String seccomp = sc.path("seccompProfile").path("type")
                        .asText(podSecurity.path("seccompProfile").path("type").asText(""));
                if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                    violations.add(at + ": seccompProfile must be RuntimeDefault (is '" + seccomp + "')");
                }
                if (!mountsEmptyDir(pod, c, "/tmp")) {
                    violations.add(at + ": /tmp must be an emptyDir (the root filesystem is read-only)");
                }
            }
            violations.addAll(shutdownViolations(m, deployment));
        }
        return violations;
    }

    private static boolean mountsEmptyDir(JsonNode pod, JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (path.equals(mount.path("mountPath").asText())) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("emptyDir")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** preStop sleep + quarkus.shutdown.timeout must fit in terminationGracePeriodSeconds. */
    private static List<String> shutdownViolations(Manifests m, JsonNode deployment) {
        List<String> violations = new ArrayList<>();
        String where = describe(deployment);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
        for (JsonNode c : pod.path("containers")) {
            long preStop = c.path("lifecycle").path("preStop").path("sleep").path("seconds").asLong(-1);
            if (preStop < 0) {
                violations.add(where + ": container " + c.path("name").asText() + " needs a preStop sleep");
                continue;
            }
            String timeout = environment(m, deployment, c).get("QUARKUS_SHUTDOWN_TIMEOUT");
            Matcher seconds = timeout == null ? null : DURATION_SECONDS.matcher(timeout);
            if (seconds == null || !seconds.matches()) {
                violations.add(where + ": QUARKUS_SHUTDOWN_TIMEOUT must be set in seconds, e.g. 20s (is " + timeout + ")");
                continue;
            }
            long shutdown = Long.parseLong(seconds.group(1));
            if (preStop + shutdown >= grace) {
                violations.add(where + ": preStop " + preStop + " s + shutdown timeout " + shutdown
                        + " s must be below terminationGracePeriodSeconds " + grace);
            }
        }
        return violations;
    }

    // ---------------------------------------------------------------- secrets

    /** No Secret objects, no PEM blocks anywhere, sensitive env only from secretKeyRef, none in ConfigMaps. */
    static List<String> inlineSecretViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        for (JsonNode secret : m.ofKind("Secret")) {
            violations.add(describe(secret) + ": Secrets are created in the cluster, never rendered from the repository");
        }
        for (JsonNode doc : m.docs()) {
            if (containsText(doc, "-----BEGIN")) {
                violations.add(describe(doc) + ": contains a PEM block");
            }
        }
        for (JsonNode cm : m.ofKind("ConfigMap")) {
            cm.path("data").fieldNames().forEachRemaining(key -> {
                if (SENSITIVE_NAME.matcher(key).matches()) {
                    violations.add(describe(cm) + ": key " + key + " looks secret; reference a Secret instead");
                }
            });
        }
        for (JsonNode deployment : m.ofKind("Deployment")) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            List<JsonNode> containers = new ArrayList<>();
            pod.path("initContainers").forEach(containers::add);
            pod.path("containers").forEach(containers::add);
            for (JsonNode c : containers) {
                for (JsonNode env : c.path("env")) {
                    String name = env.path("name").asText();
                    if (!SENSITIVE_NAME.matcher(name).matches()) {
                        continue;
                    }
                    if (env.has("value") || !env.path("valueFrom").has("secretKeyRef")) {
                        violations.add(describe(deployment) + " env " + name + ": must come from a secretKeyRef, not a value");
                    }
                }
            }
        }
        return violations;
    }

    private static boolean containsText(JsonNode node, String text) {
        if (node.isTextual()) {
            return node.asText().contains(text);
        }
        for (JsonNode child : node) {
            if (containsText(child, text)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- Kafka

    /** Every topic of {@link Topics#ALL} (and no other) as a KafkaTopic of the one Kafka cluster. */
    static List<String> topicViolations(Manifests m, int requiredReplicas, int requiredMinInsync) {
        List<String> violations = new ArrayList<>();
        List<JsonNode> kafkas = m.ofKind("Kafka");
        if (kafkas.size() != 1) {
            violations.add("expected exactly one Strimzi Kafka, found " + kafkas.size());
            return violations;
        }
        String cluster = name(kafkas.get(0));
        Map<String, JsonNode> topics = new LinkedHashMap<>();
        for (JsonNode topic : m.ofKind("KafkaTopic")) {
            String topicName = topic.path("spec").path("topicName").asText(name(topic));
            if (topics.put(topicName, topic) != null) {
                violations.add("topic " + topicName + " is declared twice");
            }
            if (!Topics.ALL.contains(topicName)) {
                violations.add(describe(topic) + ": topic " + topicName + " is not in app.openly.events.Topics.ALL");
            }
        }
        int maxConsumers = m.ofKind("HorizontalPodAutoscaler").stream()
                .mapToInt(h -> h.path("spec").path("maxReplicas").asInt()).max().orElse(1);
        for (String expected : Topics.ALL) {
            JsonNode topic = topics.get(expected);
            if (topic == null) {
                violations.add("no KafkaTopic for " + expected + " (from Topics.ALL)");
                continue;
            }
            String where = describe(topic) + " (" + expected + ")";
            JsonNode spec = topic.path("spec");
            if (!cluster.equals(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
                violations.add(where + ": label strimzi.io/cluster must be " + cluster);
            }
            if (spec.path("replicas").asInt() != requiredReplicas) {
                violations.add(where + ": replicas must be " + requiredReplicas + " (is " + spec.path("replicas") + ")");
            }
            if (spec.path("config").path("min.insync.replicas").asInt() != requiredMinInsync) {
                violations.add(where + ": min.insync.replicas must be " + requiredMinInsync
                        + " (is " + spec.path("config").path("min.insync.replicas") + ")");
            }
            if (spec.path("config").path("retention.ms").asLong() <= 0) {
                violations.add(where + ": retention.ms must be set");
            }
            int partitions = spec.path("partitions").asInt();
            // A consumer group uses at most one consumer per partition: fewer partitions than replicas idles pods.
            if (Topics.MAIN.contains(expected) && partitions < maxConsumers) {
                violations.add(where + ": " + partitions + " partitions cannot feed " + maxConsumers
                        + " consumer replicas (largest HPA maxReplicas)");
            }
            if (partitions < 1) {
                violations.add(where + ": partitions must be set");
            }
        }
        return violations;
    }

    // ---------------------------------------------------------------- wiring

    /**
     * Each service's Kafka bootstrap names the Strimzi bootstrap Service of a plain listener; its JDBC URL
     * names the {@code -rw} Service and database of its own CNPG Cluster; its database credentials come from
     * that Cluster's app Secret; its NetworkPolicy lets it reach exactly that cluster.
     */
    static List<String> wiringViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        Set<String> bootstraps = new HashSet<>();
        for (JsonNode kafka : m.ofKind("Kafka")) {
            for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
                if ("internal".equals(listener.path("type").asText()) && !listener.path("tls").asBoolean(false)) {
                    bootstraps.add(name(kafka) + "-kafka-bootstrap:" + listener.path("port").asInt());
                }
            }
        }
        Map<String, JsonNode> clustersByRwHost = new HashMap<>();
        for (JsonNode cluster : m.ofKind("Cluster")) {
            if (cluster.path("apiVersion").asText().startsWith("postgresql.cnpg.io/")) {
                clustersByRwHost.put(name(cluster) + "-rw", cluster);
            }
        }
        Map<String, String> clusterUsedBy = new HashMap<>();
        for (JsonNode deployment : m.ofKind("Deployment")) {
            String where = describe(deployment);
            for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
                Map<String, String> env = environment(m, deployment, c);
                String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
                if (bootstrap == null || !bootstraps.containsAll(List.of(bootstrap.split(",")))) {
                    violations.add(where + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not one of " + bootstraps);
                }
                String url = env.get("QUARKUS_DATASOURCE_JDBC_URL");
                Matcher jdbc = url == null ? null : JDBC_URL.matcher(url);
                if (jdbc == null || !jdbc.matches()) {
                    violations.add(where + ": QUARKUS_DATASOURCE_JDBC_URL missing or not a PostgreSQL URL: " + url);
                    continue;
                }
                JsonNode cluster = clustersByRwHost.get(jdbc.group(1));
                if (cluster == null) {
                    violations.add(where + ": JDBC host " + jdbc.group(1) + " is not the -rw Service of any CNPG Cluster "
                            + clustersByRwHost.keySet());
                    continue;
                }
                String clusterName = name(cluster);
                String previous = clusterUsedBy.put(clusterName, name(deployment));
                if (previous != null) {
                    violations.add(where + ": shares database cluster " + clusterName + " with " + previous);
                }
                if (jdbc.group(2) != null && !"5432".equals(jdbc.group(2))) {
                    violations.add(where + ": JDBC port must be 5432 (is " + jdbc.group(2) + ")");
                }
                JsonNode initdb = cluster.path("spec").path("bootstrap").path("initdb");
                if (!initdb.path("database").asText().equals(jdbc.group(3))) {
                    violations.add(where + ": JDBC database " + jdbc.group(3) + " is not " + clusterName
                            + "'s database " + initdb.path("database").asText());
                }
                String appSecret = initdb.path("secret").path("name").asText(clusterName + "-app");
                for (String[] credential : new String[][] {{"QUARKUS_DATASOURCE_USERNAME", "username"},
                        {"QUARKUS_DATASOURCE_PASSWORD", "password"}}) {
                    JsonNode ref = envEntry(c, credential[0]).path("valueFrom").path("secretKeyRef");
                    if (!appSecret.equals(ref.path("name").asText()) || !credential[1].equals(ref.path("key").asText())) {
                        violations.add(where + ": " + credential[0] + " must come from secret " + appSecret
                                + " key " + credential[1] + " (is " + ref + ")");
                    }
                }
                violations.addAll(connectionBudgetViolations(m, deployment, env, cluster));
                if (!egressAllows(m, deployment, "cnpg.io/cluster", clusterName)) {
                    violations.add(where + ": its NetworkPolicy does not allow egress to database cluster " + clusterName);
                }
            }
        }
        return violations;
    }

    /** Headroom kept free on every database for superuser sessions, the CNPG operator and humans. */
    static final int RESERVED_CONNECTIONS = 3 + 10;

    /**
     * At the busiest moment (HPA at maxReplicas plus one surge pod during a rollout) every replica may
     * open its full pool: that must fit in the cluster's max_connections minus the reserve.
     */
    private static List<String> connectionBudgetViolations(Manifests m, JsonNode deployment, Map<String, String> env,
                                                           JsonNode cluster) {
        int poolSize = Integer.parseInt(env.getOrDefault("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "20")); // Quarkus default
        int replicas = m.ofKind("HorizontalPodAutoscaler").stream()
                .filter(h -> name(deployment).equals(h.path("spec").path("scaleTargetRef").path("name").asText()))
                .mapToInt(h -> h.path("spec").path("maxReplicas").asInt())
                .findFirst().orElse(deployment.path("spec").path("replicas").asInt(1));
        int surge = deployment.path("spec").path("strategy").path("rollingUpdate").path("maxSurge").asInt(1);
        int maxConnections = cluster.path("spec").path("postgresql").path("parameters").path("max_connections").asInt(100);
        int needed = (replicas + surge) * poolSize;
        if (needed > maxConnections - RESERVED_CONNECTIONS) {
            return List.of(describe(deployment) + ": " + (replicas + surge) + " pods x pool " + poolSize + " = " + needed
                    + " connections exceed " + name(cluster) + "'s max_connections " + maxConnections + " minus "
                    + RESERVED_CONNECTIONS + " reserved");
        }
        return List.of();
    }

    private static boolean egressAllows(Manifests m, JsonNode deployment, String label, String value) {
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        for (JsonNode policy : m.ofKind("NetworkPolicy")) {
            if (!selects(policy.path("spec").path("podSelector"), podLabels)) {
                continue;
            }
            for (JsonNode rule : policy.path("spec").path("egress")) {
                for (JsonNode to : rule.path("to")) {
                    if (value.equals(to.path("podSelector").path("matchLabels").path(label).asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- companions

    /** Every Deployment has its Service, PDB, HPA, NetworkPolicy, ServiceMonitor and a token-less ServiceAccount. */
    static List<String> companionViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        for (JsonNode deployment : m.ofKind("Deployment")) {
            String where = describe(deployment);
            JsonNode template = deployment.path("spec").path("template");
            JsonNode podLabels = template.path("metadata").path("labels");
            JsonNode pod = template.path("spec");

            Optional<JsonNode> service = m.ofKind("Service").stream()
                    .filter(s -> isSubset(s.path("spec").path("selector"), podLabels) && !s.path("spec").path("selector").isEmpty())
                    .findFirst();
            if (service.isEmpty()) {
                violations.add(where + ": no Service selects its pods");
            } else if (m.ofKind("ServiceMonitor").stream()
                    .noneMatch(sm -> selects(sm.path("spec").path("selector"), service.get().path("metadata").path("labels")))) {
                violations.add(where + ": no ServiceMonitor selects its Service " + name(service.get()));
            }
            if (m.ofKind("PodDisruptionBudget").stream()
                    .noneMatch(p -> selects(p.path("spec").path("selector"), podLabels))) {
                violations.add(where + ": no PodDisruptionBudget selects its pods");
            }
            Optional<JsonNode> hpa = m.ofKind("HorizontalPodAutoscaler").stream()
                    .filter(h -> "Deployment".equals(h.path("spec").path("scaleTargetRef").path("kind").asText())
                            && name(deployment).equals(h.path("spec").path("scaleTargetRef").path("name").asText()))
                    .findFirst();
            if (hpa.isEmpty()) {
                violations.add(where + ": no HorizontalPodAutoscaler targets it");
            } else if (hpa.get().path("spec").path("minReplicas").asInt(1) > hpa.get().path("spec").path("maxReplicas").asInt()) {
                violations.add(where + ": HPA minReplicas above maxReplicas");
            }
            List<JsonNode> policies = m.ofKind("NetworkPolicy").stream()
                    .filter(p -> selects(p.path("spec").path("podSelector"), podLabels)).toList();
            if (policies.isEmpty()) {
                violations.add(where + ": no NetworkPolicy selects its pods");
            }
            for (String direction : List.of("Ingress", "Egress")) {
                boolean restricted = policies.stream().anyMatch(p -> {
                    for (JsonNode type : p.path("spec").path("policyTypes")) {
                        if (direction.equals(type.asText())) {
                            return true;
                        }
                    }
                    return false;
                });
                if (!policies.isEmpty() && !restricted) {
                    violations.add(where + ": no NetworkPolicy restricts " + direction);
                }
            }
            String accountName = pod.path("serviceAccountName").asText("");
            Optional<JsonNode> account = accountName.isEmpty() ? Optional.empty() : m.find("ServiceAccount", accountName);
            if (account.isEmpty()) {
                violations.add(where + ": needs its own ServiceAccount (serviceAccountName '" + accountName + "' not rendered)");
            } else if (!account.get().path("automountServiceAccountToken").isBoolean()
                    || account.get().path("automountServiceAccountToken").asBoolean()) {
                violations.add(where + ": ServiceAccount " + accountName + " must set automountServiceAccountToken: false");
            }
            if (pod.path("automountServiceAccountToken").asBoolean(false)) {
                violations.add(where + ": pod must not automount a service account token");
            }
        }
        return violations;
    }

    // ---------------------------------------------------------------- production only

    /** Three-way replication of Kafka and PostgreSQL, and database backups to an object store. */
    static List<String> productionResilienceViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        int brokers = 0;
        int controllers = 0;
        for (JsonNode pool : m.ofKind("KafkaNodePool")) {
            for (JsonNode role : pool.path("spec").path("roles")) {
                if ("broker".equals(role.asText())) {
                    brokers += pool.path("spec").path("replicas").asInt();
                }
                if ("controller".equals(role.asText())) {
                    controllers += pool.path("spec").path("replicas").asInt();
                }
            }
        }
        if (brokers < 3 || controllers < 3) {
            violations.add("Kafka needs at least 3 brokers and 3 KRaft controllers (has " + brokers + " / " + controllers + ")");
        }
        for (JsonNode kafka : m.ofKind("Kafka")) {
            JsonNode config = kafka.path("spec").path("kafka").path("config");
            if (config.path("min.insync.replicas").asInt() != 2 || config.path("default.replication.factor").asInt() != 3) {
                violations.add(describe(kafka) + ": broker defaults must be replication 3, min.insync.replicas 2");
            }
        }
        Set<String> scheduled = new HashSet<>();
        m.ofKind("ScheduledBackup").forEach(b -> scheduled.add(b.path("spec").path("cluster").path("name").asText()));
        for (JsonNode cluster : m.ofKind("Cluster")) {
            String where = describe(cluster);
            if (cluster.path("spec").path("instances").asInt() != 3) {
                violations.add(where + ": production needs 3 instances (is " + cluster.path("spec").path("instances") + ")");
            }
            JsonNode store = cluster.path("spec").path("backup").path("barmanObjectStore");
            if (store.path("destinationPath").asText("").isEmpty()) {
                violations.add(where + ": backup.barmanObjectStore.destinationPath missing");
            }
            JsonNode credentials = store.path("s3Credentials");
            for (String field : List.of("accessKeyId", "secretAccessKey")) {
                if (credentials.path(field).path("name").asText("").isEmpty() || credentials.path(field).path("key").asText("").isEmpty()) {
                    violations.add(where + ": s3Credentials." + field + " must reference a Secret (name and key)");
                }
            }
            if (!scheduled.contains(name(cluster))) {
                violations.add(where + ": no ScheduledBackup");
            }
        }
        return violations;
    }

    // ---------------------------------------------------------------- helpers

    /** The container's environment as the service sees it: envFrom ConfigMaps, then literal env values. */
    static Map<String, String> environment(Manifests m, JsonNode deployment, JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            String cmName = source.path("configMapRef").path("name").asText(null);
            if (cmName != null) {
                m.find("ConfigMap", cmName).ifPresent(cm -> cm.path("data").fields()
                        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText())));
            }
        }
        for (JsonNode entry : container.path("env")) {
            if (entry.has("value")) {
                env.put(entry.path("name").asText(), entry.path("value").asText());
            }
        }
        return env;
    }

    private static JsonNode envEntry(JsonNode container, String name) {
        for (JsonNode entry : container.path("env")) {
            if (name.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** A label selector ({matchLabels} only, as used here) selects the given labels. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        JsonNode matchLabels = selector.path("matchLabels");
        return !matchLabels.isEmpty() && isSubset(matchLabels, labels) && selector.path("matchExpressions").isEmpty();
    }

    private static boolean isSubset(JsonNode wanted, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

}
