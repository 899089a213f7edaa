package app.openly.deploy;

import app.openly.events.Topics;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;

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

    // ---------------------------------------------------------------- what each Deployment runs

    static final String KAFKA_EXTENSION = "quarkus-messaging-kafka";
    static final String POSTGRES_EXTENSION = "quarkus-jdbc-postgresql";
    static final String METRICS_EXTENSION = "quarkus-micrometer-registry-prometheus";
    static final String OPENAPI_EXTENSION = "quarkus-smallrye-openapi";

    /**
     * Whether the Maven module a Deployment runs (the module directory named like the Deployment) depends on a
     * Quarkus extension, directly or through service-parent. The rules for Kafka, PostgreSQL and metrics apply to a
     * Deployment because its code uses them, not because of its name: the web front (web/pom.xml) has none of them.
     */
    static boolean moduleUses(String deployment, String extension) {
        Path root = Kustomize.deployDir().getParent();
        Path pom = root.resolve(deployment).resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            throw new IllegalStateException("Deployment " + deployment + " runs no module of this repository (no " + pom + ")");
        }
        try {
            String text = Files.readString(pom);
            if (text.contains("<artifactId>openly-service-parent</artifactId>")) {
                text += Files.readString(root.resolve("service-parent/pom.xml"));
            }
            return text.contains("<artifactId>" + extension + "</artifactId>");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    /** The Deployments whose code talks to Kafka. */
    static List<JsonNode> kafkaClients(Manifests m) {
        return m.ofKind("Deployment").stream().filter(d -> moduleUses(name(d), KAFKA_EXTENSION)).toList();
    }

    /** The Deployments whose code keeps data in PostgreSQL. */
    static List<JsonNode> databaseClients(Manifests m) {
        return m.ofKind("Deployment").stream().filter(d -> moduleUses(name(d), POSTGRES_EXTENSION)).toList();
    }

    /** A Deployment that serves nothing under /q but health (no metrics, no OpenAPI) may take a host's whole path space. */
    static boolean servesOnlyHealthUnderQ(String deployment) {
        return !moduleUses(deployment, METRICS_EXTENSION) && !moduleUses(deployment, OPENAPI_EXTENSION);
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

    /** The consumers' idempotency ledger's retention (platform LedgerRetentionConfig), set in each service's ConfigMap. */
    static final String LEDGER_RETENTION_ENV = "OPENLY_PROCESSED_EVENTS_RETENTION";
    /** Kafka's default segment.ms (log.roll.hours = 168): a record can outlive retention.ms by up to this much. */
    static final java.time.Duration DEFAULT_SEGMENT_ROLL = java.time.Duration.ofDays(7);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([dhms])");

    /**
     * Every service with a database keeps its ledger rows (processed_event) longer than Kafka can deliver an event
     * again: its main topic holds the record up to retention.ms plus a segment roll, a consumer may dead-letter it as
     * late as that, and {@code ./openly dlq replay} may republish it for as long as the dead-letter topic holds it. A
     * ledger row deleted earlier would let that redelivery apply the event twice. Shortening the retention (or
     * lengthening a topic's) without the other is caught here; platform's LedgerRetentionDefaultTest checks the code's
     * default against deploy/base the same way.
     */
    static List<String> ledgerRetentionViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        java.time.Duration longestMain = java.time.Duration.ZERO;
        java.time.Duration longestDeadLetter = java.time.Duration.ZERO;
        for (JsonNode topic : m.ofKind("KafkaTopic")) {
            JsonNode config = topic.path("spec").path("config");
            java.time.Duration life = java.time.Duration.ofMillis(config.path("retention.ms").asLong())
                    .plus(config.has("segment.ms") ? java.time.Duration.ofMillis(config.path("segment.ms").asLong()) : DEFAULT_SEGMENT_ROLL);
            if (topic.path("spec").path("topicName").asText(name(topic)).endsWith(".dlq")) {
                longestDeadLetter = longestDeadLetter.compareTo(life) >= 0 ? longestDeadLetter : life;
            } else {
                longestMain = longestMain.compareTo(life) >= 0 ? longestMain : life;
            }
        }
        java.time.Duration longestRedelivery = longestMain.plus(longestDeadLetter);
        for (JsonNode deployment : databaseClients(m)) {
            for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
                String value = environment(m, deployment, c).get(LEDGER_RETENTION_ENV);
                String where = describe(deployment) + ": " + LEDGER_RETENTION_ENV;
                if (value == null) {
                    violations.add(where + " must be set (next to the topics' retention it depends on)");
                    continue;
                }
                java.time.Duration retention = duration(value);
                if (retention == null) {
                    violations.add(where + " " + value + " is not a duration like 42d");
                } else if (retention.compareTo(longestRedelivery) <= 0) {
                    violations.add(where + " " + value + " does not outlast the longest redelivery, " + longestRedelivery.toDays()
                            + " days (main topic " + longestMain.toDays() + " + dead-letter topic " + longestDeadLetter.toDays()
                            + ", each retention.ms plus a segment roll)");
                }
            }
        }
        return violations;
    }

    /** A duration as Quarkus reads it: {@code 42d}, {@code 12h}, ... or ISO-8601; null if neither. */
    static java.time.Duration duration(String value) {
        Matcher shortForm = SHORT_DURATION.matcher(value.trim());
        if (shortForm.matches()) {
            long n = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "d" -> java.time.Duration.ofDays(n);
                case "h" -> java.time.Duration.ofHours(n);
                case "m" -> java.time.Duration.ofMinutes(n);
                default -> java.time.Duration.ofSeconds(n);
            };
        }
        try {
            return java.time.Duration.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- wiring

    /**
     * Each service's Kafka bootstrap names the Strimzi bootstrap Service of a plain listener; its JDBC URL
     * names the {@code -rw} Service and database of its own CNPG Cluster; its database credentials come from
     * that Cluster's app Secret; its NetworkPolicy lets it reach exactly that cluster.
     */
    static List<String> wiringViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        Map<String, Integer> bootstraps = secureBootstraps(m);
        Map<String, JsonNode> clustersByRwHost = new HashMap<>();
        for (JsonNode cluster : m.ofKind("Cluster")) {
            if (cluster.path("apiVersion").asText().startsWith("postgresql.cnpg.io/")) {
                clustersByRwHost.put(name(cluster) + "-rw", cluster);
            }
        }
        Map<String, String> clusterUsedBy = new HashMap<>();
        for (JsonNode deployment : m.ofKind("Deployment")) {
            String where = describe(deployment);
            boolean kafka = moduleUses(name(deployment), KAFKA_EXTENSION);
            boolean postgres = moduleUses(name(deployment), POSTGRES_EXTENSION);
            for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
                Map<String, String> env = environment(m, deployment, c);
                if (!kafka && !postgres) {
                    for (String key : env.keySet()) {
                        if (key.startsWith("KAFKA_") || key.startsWith("QUARKUS_DATASOURCE_")) {
                            violations.add(where + ": sets " + key + ", but its module uses neither Kafka nor PostgreSQL");
                        }
                    }
                    continue;
                }
                String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
                if (!kafka) {
                    // no Kafka client: nothing to check about the bootstrap
                } else if (bootstrap == null || !bootstraps.keySet().containsAll(List.of(bootstrap.split(",")))) {
                    violations.add(where + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not one of " + bootstraps.keySet()
                            + " (bootstrap Services of TLS + SCRAM-SHA-512 listeners)");
                } else {
                    for (String server : bootstrap.split(",")) {
                        int port = bootstraps.get(server);
                        if (!egressAllows(m, deployment, "strimzi.io/kind", "Kafka", port)) {
                            violations.add(where + ": its NetworkPolicy does not allow egress to the Kafka brokers on port " + port);
                        }
                    }
                }
                if (!postgres) {
                    continue;
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
                violations.addAll(jdbcTlsViolations(deployment, c, url, clusterName));
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

    /** {@code <Kafka>-kafka-bootstrap:<port>} of every listener that is TLS with SCRAM-SHA-512 authentication. */
    private static Map<String, Integer> secureBootstraps(Manifests m) {
        Map<String, Integer> bootstraps = new LinkedHashMap<>();
        for (JsonNode kafka : m.ofKind("Kafka")) {
            for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
                if ("internal".equals(listener.path("type").asText()) && listener.path("tls").asBoolean(false)
                        && "scram-sha-512".equals(listener.path("authentication").path("type").asText())) {
                    bootstraps.put(name(kafka) + "-kafka-bootstrap:" + listener.path("port").asInt(), listener.path("port").asInt());
                }
            }
        }
        return bootstraps;
    }

    /** verify-full against the cluster's own CA, mounted read-only from CloudNativePG's {@code <cluster>-ca} Secret. */
    private static List<String> jdbcTlsViolations(JsonNode deployment, JsonNode container, String url, String clusterName) {
        List<String> violations = new ArrayList<>();
        String where = describe(deployment);
        Map<String, String> query = new HashMap<>();
        int q = url.indexOf('?');
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        if (!"verify-full".equals(query.get("sslmode"))) {
            violations.add(where + ": JDBC URL must use sslmode=verify-full (is " + query.get("sslmode") + ")");
        }
        String caFile = secretFile(deployment.path("spec").path("template").path("spec"), container, clusterName + "-ca", "ca.crt");
        if (caFile == null) {
            violations.add(where + ": Secret " + clusterName + "-ca (key ca.crt) must be mounted read-only");
        } else if (!caFile.equals(query.get("sslrootcert"))) {
            violations.add(where + ": JDBC sslrootcert must be " + caFile + " (is " + query.get("sslrootcert") + ")");
        }
        return violations;
    }

    /**
     * Where the container reads {@code key} of Secret {@code secretName} through a read-only volume mount, or
     * null if it does not.
     */
    static String secretFile(JsonNode pod, JsonNode container, String secretName, String key) {
        for (JsonNode volume : pod.path("volumes")) {
            JsonNode secret = volume.path("secret");
            if (!secretName.equals(secret.path("secretName").asText())) {
                continue;
            }
            String file = secret.path("items").isEmpty() ? key : null;
            for (JsonNode item : secret.path("items")) {
                if (key.equals(item.path("key").asText())) {
                    file = item.path("path").asText();
                }
            }
            if (file == null) {
                continue;
            }
            for (JsonNode mount : container.path("volumeMounts")) {
                if (volume.path("name").asText().equals(mount.path("name").asText())
                        && mount.path("readOnly").asBoolean(false) && !mount.has("subPath")) {
                    return mount.path("mountPath").asText().replaceAll("/+$", "") + "/" + file;
                }
            }
        }
        return null;
    }

    private static boolean egressAllows(Manifests m, JsonNode deployment, String label, String value, int port) {
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        for (JsonNode policy : m.ofKind("NetworkPolicy")) {
            if (!selects(policy.path("spec").path("podSelector"), podLabels)) {
                continue;
            }
            for (JsonNode rule : policy.path("spec").path("egress")) {
                boolean peer = false;
                for (JsonNode to : rule.path("to")) {
                    peer |= value.equals(to.path("podSelector").path("matchLabels").path(label).asText());
                }
                boolean portAllowed = rule.path("ports").isEmpty();
                for (JsonNode p : rule.path("ports")) {
                    portAllowed |= p.path("port").asInt(-1) == port;
                }
                if (peer && portAllowed) {
                    return true;
                }
            }
        }
        return false;
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

    // ---------------------------------------------------------------- Kafka security

    /** Services that only publish (through the outbox relay) and the topic each publishes to. */
    private static final Map<String, String> PUBLISHES = Map.of(
            "journal-service", Topics.JOURNAL_ENTRY_EVENTS,
            "reminder-service", Topics.REMINDERS_DUE,
            "insights-service", Topics.INSIGHTS_WEEKLY_SUMMARIES);

    /**
     * The ACLs each service needs, derived from what the code does: its outbox relay writes its topic of
     * {@link Topics} (idempotent producer); every incoming channel of its application.properties reads its topic with
     * its group id and writes poison messages to the channel's dead-letter topic; a plain consumer in its sources that
     * is assigned the partitions of a topic (no group, as the live-stream feed) reads and describes that topic.
     */
    static Map<String, Set<String>> expectedAcls() {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        for (Map.Entry<String, String> service : new java.util.TreeMap<>(PUBLISHES).entrySet()) {
            Set<String> acls = new TreeSet<>();
            writesTopic(acls, service.getValue());
            acls.add(acl("cluster", "", "IdempotentWrite"));
            Properties props = applicationProperties(service.getKey());
            for (String channel : incomingChannels(props)) {
                String prefix = INCOMING + channel + ".";
                readsTopic(acls, required(props, service.getKey(), prefix + "topic"));
                acls.add(acl("group", required(props, service.getKey(), prefix + "group.id"), "Read"));
                writesTopic(acls, required(props, service.getKey(), prefix + "dead-letter-queue.topic"));
            }
            for (String assigned : assignedTopics(service.getKey())) {
                readsTopic(acls, assigned);
            }
            expected.put(service.getKey(), acls);
        }
        return expected;
    }

    private static final Pattern PARTITIONS_OF_TOPIC = Pattern.compile("partitionsFor\\(\\s*Topics\\.([A-Z_]+)");

    /**
     * Topics a service reads without a consumer group: a {@code KafkaConsumer} that {@code assign}s the partitions it
     * got from {@code partitionsFor(Topics.X, ...)}. Kafka checks Read and Describe on the topic only.
     */
    static Set<String> assignedTopics(String service) {
        Set<String> topics = new TreeSet<>();
        Path sources = Kustomize.deployDir().getParent().resolve(service).resolve("src/main/java");
        try (var files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                if (!text.contains("KafkaConsumer") || !text.contains(".assign(")) {
                    continue;
                }
                Matcher topic = PARTITIONS_OF_TOPIC.matcher(text);
                while (topic.find()) {
                    topics.add((String) Topics.class.getField(topic.group(1)).get(null));
                }
            }
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the Kafka consumers of " + service, e);
        }
        return topics;
    }

    /** Kafka checks Describe on a topic before any Read of it (metadata, offsets). */
    private static void readsTopic(Set<String> acls, String topic) {
        acls.add(acl("topic", topic, "Read"));
        acls.add(acl("topic", topic, "Describe"));
    }

    /** ... and before any Write to it. */
    private static void writesTopic(Set<String> acls, String topic) {
        acls.add(acl("topic", topic, "Write"));
        acls.add(acl("topic", topic, "Describe"));
    }

    private static String acl(String type, String resource, String operation) {
        return type + (resource.isEmpty() ? "" : " " + resource) + ": " + operation;
    }

    private static String required(Properties props, String service, String key) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(service + "/src/main/resources/application.properties has no " + key);
        }
        return value.trim();
    }

    static Properties applicationProperties(String service) {
        Path file = Kustomize.deployDir().getParent().resolve(service).resolve("src/main/resources/application.properties");
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return props;
    }

    private static final String INCOMING = "mp.messaging.incoming.";

    /** The names of the incoming (consumer) channels an application.properties declares. */
    static Set<String> incomingChannels(Properties props) {
        Set<String> channels = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith(INCOMING) && key.indexOf('.', INCOMING.length()) > 0) {
                channels.add(key.substring(INCOMING.length(), key.indexOf('.', INCOMING.length())));
            }
        }
        return channels;
    }

    /**
     * Every incoming channel dead-letters what it cannot process (the partition moves on, nothing is dropped), and its
     * dead-letter producer waits for all in-sync replicas with idempotence: min.insync.replicas 2 only protects writes
     * sent with acks=all, and the DLQ producer's default is acks=1.
     */
    static List<String> deadLetterViolations(String service, Properties props) {
        List<String> violations = new ArrayList<>();
        for (String channel : incomingChannels(props)) {
            String prefix = INCOMING + channel + ".";
            String where = service + " channel " + channel;
            if (!"dead-letter-queue".equals(props.getProperty(prefix + "failure-strategy", "").trim())) {
                violations.add(where + ": failure-strategy must be dead-letter-queue (is '" + props.getProperty(prefix + "failure-strategy", "") + "')");
                continue;
            }
            if (props.getProperty(prefix + "dead-letter-queue.topic", "").isBlank()) {
                violations.add(where + ": dead-letter-queue.topic missing");
            }
            if (!"all".equals(props.getProperty(prefix + "dead-letter-queue.acks", "").trim())) {
                violations.add(where + ": dead-letter-queue.acks must be all");
            }
            if (!"true".equals(props.getProperty(prefix + "dead-letter-queue.enable.idempotence", "").trim())) {
                violations.add(where + ": dead-letter-queue.enable.idempotence must be true");
            }
        }
        return violations;
    }

    /** The ACLs a KafkaUser grants, in the form of {@link #expectedAcls()}; a non-literal pattern is spelled out. */
    static Set<String> grantedAcls(JsonNode user) {
        Set<String> granted = new TreeSet<>();
        for (JsonNode rule : user.path("spec").path("authorization").path("acls")) {
            if ("deny".equals(rule.path("type").asText("allow"))) {
                continue;
            }
            JsonNode resource = rule.path("resource");
            String type = resource.path("type").asText();
            String pattern = resource.path("patternType").asText("literal");
            String resourceName = "cluster".equals(type) ? "" : resource.path("name").asText()
                    + ("literal".equals(pattern) ? "" : " (" + pattern + ")");
            List<String> operations = new ArrayList<>();
            rule.path("operations").forEach(o -> operations.add(o.asText()));
            if (rule.has("operation")) {
                operations.add(rule.path("operation").asText());
            }
            String host = rule.path("host").asText("*");
            for (String operation : operations) {
                granted.add(acl(type, resourceName, operation) + ("*".equals(host) ? "" : " from " + host));
            }
        }
        return granted;
    }

    /**
     * Kafka accepts clients only over TLS with SCRAM-SHA-512, authorizes with ACLs, and each service has its
     * own KafkaUser whose ACLs are exactly {@link #expectedAcls()}; no other KafkaUser exists.
     */
    static List<String> kafkaSecurityViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        List<JsonNode> kafkas = m.ofKind("Kafka");
        if (kafkas.size() != 1) {
            violations.add("expected exactly one Strimzi Kafka, found " + kafkas.size());
            return violations;
        }
        JsonNode kafka = kafkas.get(0);
        String cluster = name(kafka);
        JsonNode listeners = kafka.path("spec").path("kafka").path("listeners");
        if (listeners.isEmpty()) {
            violations.add(describe(kafka) + ": no listener");
        }
        for (JsonNode listener : listeners) {
            String at = describe(kafka) + " listener " + listener.path("name").asText();
            if (!listener.path("tls").asBoolean(false)) {
                violations.add(at + ": must use TLS (tls: true)");
            }
            if (!"scram-sha-512".equals(listener.path("authentication").path("type").asText())) {
                violations.add(at + ": must authenticate clients with scram-sha-512 (is "
                        + listener.path("authentication").path("type").asText("none") + ")");
            }
        }
        if (!"simple".equals(kafka.path("spec").path("kafka").path("authorization").path("type").asText())) {
            violations.add(describe(kafka) + ": authorization.type must be simple (ACLs)");
        }
        if (!kafka.path("spec").path("kafka").path("authorization").path("superUsers").isEmpty()) {
            violations.add(describe(kafka) + ": no superUsers: services get exactly their ACLs");
        }
        if (!kafka.path("spec").path("entityOperator").has("userOperator")) {
            violations.add(describe(kafka) + ": entityOperator.userOperator is needed to reconcile KafkaUsers");
        }
        Map<String, Set<String>> expected = expectedAcls();
        Set<String> deployments = new TreeSet<>();
        kafkaClients(m).forEach(d -> deployments.add(name(d)));
        if (!expected.keySet().equals(deployments)) {
            violations.add("the Deployments that use Kafka " + deployments + " are not the services whose ACLs are known " + expected.keySet());
        }
        for (JsonNode user : m.ofKind("KafkaUser")) {
            if (!expected.containsKey(name(user))) {
                violations.add(describe(user) + ": no service uses this user");
            }
        }
        for (Map.Entry<String, Set<String>> service : expected.entrySet()) {
            Optional<JsonNode> user = m.find("KafkaUser", service.getKey());
            if (user.isEmpty()) {
                violations.add("no KafkaUser " + service.getKey());
                continue;
            }
            String where = describe(user.get());
            JsonNode spec = user.get().path("spec");
            if (!cluster.equals(user.get().path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
                violations.add(where + ": label strimzi.io/cluster must be " + cluster);
            }
            if (!"scram-sha-512".equals(spec.path("authentication").path("type").asText())) {
                violations.add(where + ": authentication.type must be scram-sha-512");
            }
            if (!"simple".equals(spec.path("authorization").path("type").asText())) {
                violations.add(where + ": authorization.type must be simple");
            }
            Set<String> granted = grantedAcls(user.get());
            Set<String> missing = new TreeSet<>(service.getValue());
            missing.removeAll(granted);
            Set<String> extra = new TreeSet<>(granted);
            extra.removeAll(service.getValue());
            if (!missing.isEmpty()) {
                violations.add(where + ": missing ACLs " + missing);
            }
            if (!extra.isEmpty()) {
                violations.add(where + ": ACLs beyond what the service needs " + extra);
            }
        }
        return violations;
    }

    /**
     * Each service's Kafka clients use SASL_SSL with SCRAM-SHA-512, take the JAAS line from its KafkaUser's
     * Secret (never a literal), and trust Strimzi's cluster CA mounted read-only as a PEM file.
     */
    static List<String> kafkaClientViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        List<JsonNode> kafkas = m.ofKind("Kafka");
        String cluster = kafkas.isEmpty() ? "<no Kafka>" : name(kafkas.get(0));
        for (JsonNode deployment : kafkaClients(m)) {
            String where = describe(deployment);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            for (JsonNode c : pod.path("containers")) {
                Map<String, String> env = environment(m, deployment, c);
                for (String[] expected : new String[][] {{"KAFKA_SECURITY_PROTOCOL", "SASL_SSL"},
                        {"KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"}, {"KAFKA_SSL_TRUSTSTORE_TYPE", "PEM"}}) {
                    if (!expected[1].equals(env.get(expected[0]))) {
                        violations.add(where + ": " + expected[0] + " must be " + expected[1] + " (is " + env.get(expected[0]) + ")");
                    }
                }
                JsonNode jaas = envEntry(c, "KAFKA_SASL_JAAS_CONFIG");
                JsonNode ref = jaas.path("valueFrom").path("secretKeyRef");
                if (jaas.has("value") || env.containsKey("KAFKA_SASL_JAAS_CONFIG")
                        || !name(deployment).equals(ref.path("name").asText())
                        || !"sasl.jaas.config".equals(ref.path("key").asText())) {
                    violations.add(where + ": KAFKA_SASL_JAAS_CONFIG must come from a secretKeyRef to Secret "
                            + name(deployment) + " key sasl.jaas.config (the KafkaUser's), never a literal or a ConfigMap");
                }
                String caFile = secretFile(pod, c, cluster + "-cluster-ca-cert", "ca.crt");
                if (caFile == null) {
                    violations.add(where + ": Secret " + cluster + "-cluster-ca-cert (key ca.crt) must be mounted read-only");
                } else if (!caFile.equals(env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"))) {
                    violations.add(where + ": KAFKA_SSL_TRUSTSTORE_LOCATION must be " + caFile
                            + " (is " + env.get("KAFKA_SSL_TRUSTSTORE_LOCATION") + ")");
                }
            }
        }
        return violations;
    }

    // ---------------------------------------------------------------- ingress

    /** The namespace of the ingress controller, as the services' NetworkPolicies name it. */
    static final String INGRESS_CONTROLLER_NAMESPACE = "ingress-nginx";
    /** The public API: path prefix and the service that answers it. Nothing under /q is public. */
    static final Map<String, String> PUBLIC_ROUTES = Map.of(
            "/api/v1/entries", "journal-service",
            "/api/v1/me", "journal-service",
            "/api/v1/prompts", "journal-service",
            "/api/v1/rituals", "journal-service",
            "/api/v1/reminders", "reminder-service",
            "/api/v1/notifications", "reminder-service",
            "/api/v1/insights", "insights-service",
            "/api/v1/orgs", "insights-service");

    /**
     * Every Ingress has cert-manager TLS for every host. The services are reached at exactly {@link #PUBLIC_ROUTES}
     * (a longer prefix under one of them, to the same service, may carry its own proxy settings) and never at
     * {@code /}, {@code /q...} or a non-API path; {@code /} may go only to a Deployment that serves nothing under /q
     * but health (the web front). No default backend, no regex paths. Every host that serves a Server-Sent Events path
     * of the code does so through an Ingress without proxy buffering and with a read timeout above the heartbeat.
     * The routed Deployments' NetworkPolicies admit the ingress controller.
     */
    static List<String> ingressViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        List<JsonNode> ingresses = m.ofKind("Ingress");
        if (ingresses.isEmpty()) {
            violations.add("no Ingress rendered");
        }
        Map<String, String> publicRoutes = new java.util.TreeMap<>();
        Map<String, Map<String, JsonNode>> ingressByHostAndPath = new LinkedHashMap<>();
        Set<String> routedDeployments = new TreeSet<>();
        for (JsonNode ingress : ingresses) {
            String where = describe(ingress);
            JsonNode spec = ingress.path("spec");
            if (spec.has("defaultBackend")) {
                violations.add(where + ": no defaultBackend (it would expose every path, /q included)");
            }
            if (ingress.path("metadata").path("annotations").path("cert-manager.io/cluster-issuer").asText("").isEmpty()) {
                violations.add(where + ": needs a cert-manager.io/cluster-issuer annotation");
            }
            Set<String> tlsHosts = new HashSet<>();
            for (JsonNode tls : spec.path("tls")) {
                tls.path("hosts").forEach(h -> tlsHosts.add(h.asText()));
                if (tls.path("secretName").asText("").isEmpty()) {
                    violations.add(where + ": tls entry needs a secretName for cert-manager");
                }
            }
            for (JsonNode rule : spec.path("rules")) {
                String host = rule.path("host").asText("");
                if (host.isEmpty() || !tlsHosts.contains(host)) {
                    violations.add(where + ": host '" + host + "' is not covered by tls");
                }
                for (JsonNode path : rule.path("http").path("paths")) {
                    String p = path.path("path").asText("");
                    String at = where + " path " + p;
                    JsonNode backend = path.path("backend").path("service");
                    String service = backend.path("name").asText();
                    boolean front = m.find("Deployment", service).isPresent() && servesOnlyHealthUnderQ(service);
                    if ("/".equals(p) && front) {
                        // the web front takes the host's whole path space: it serves nothing under /q but health
                    } else if (p.isEmpty() || "/".equals(p) || p.startsWith("/q")) {
                        violations.add(at + ": exposes /q (health, metrics, OpenAPI) or everything");
                    } else if (!p.startsWith("/api/")) {
                        violations.add(at + ": not an API path");
                    } else if (!front) {
                        String publicPrefix = publicPrefixOf(p);
                        if (publicPrefix == null || !PUBLIC_ROUTES.get(publicPrefix).equals(service)) {
                            violations.add(at + ": routes to " + service + ", which is not a public route " + PUBLIC_ROUTES);
                        } else if (p.equals(publicPrefix)) {
                            publicRoutes.put(host + p, service);
                        }
                    }
                    if (!"Prefix".equals(path.path("pathType").asText()) && !"Exact".equals(path.path("pathType").asText())) {
                        violations.add(at + ": pathType must be Prefix or Exact (ImplementationSpecific may be a regex)");
                    }
                    String port = backend.path("port").path("name").asText(backend.path("port").path("number").asText());
                    if (!"http".equals(port) && !"80".equals(port)) {
                        violations.add(at + ": must route to the service port http (is " + port + ")");
                    }
                    if (ingressByHostAndPath.computeIfAbsent(host, h -> new LinkedHashMap<>()).put(p, ingress) != null) {
                        violations.add(at + ": routed twice");
                    }
                    routedDeployments.add(service);
                }
            }
        }
        Map<String, Set<String>> publicByHost = new java.util.TreeMap<>();
        publicRoutes.forEach((hostPath, service) -> publicByHost.computeIfAbsent(hostPath.substring(0, hostPath.indexOf('/')),
                h -> new TreeSet<>()).add(hostPath.substring(hostPath.indexOf('/')) + " -> " + service));
        Set<String> expected = new TreeSet<>();
        PUBLIC_ROUTES.forEach((path, service) -> expected.add(path + " -> " + service));
        if (!ingresses.isEmpty() && publicByHost.isEmpty()) {
            violations.add("no Ingress routes the public API " + new java.util.TreeMap<>(PUBLIC_ROUTES) + " to the services");
        }
        publicByHost.forEach((host, routes) -> {
            if (!routes.equals(expected)) {
                violations.add("Ingress routes of host " + host + " " + routes + " are not exactly " + expected);
            }
        });
        for (String stream : serverSentEventPaths()) {
            ingressByHostAndPath.forEach((host, paths) -> {
                String match = paths.keySet().stream().filter(p -> prefixMatches(p, stream))
                        .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
                if (match == null) {
                    return;
                }
                JsonNode annotations = paths.get(match).path("metadata").path("annotations");
                String where = describe(paths.get(match)) + " (host " + host + ", Server-Sent Events " + stream + ")";
                if (!"off".equals(annotations.path("nginx.ingress.kubernetes.io/proxy-buffering").asText())) {
                    violations.add(where + ": needs nginx.ingress.kubernetes.io/proxy-buffering: \"off\" (events would wait in the proxy's buffer)");
                }
                if (annotations.path("nginx.ingress.kubernetes.io/proxy-read-timeout").asInt(60) <= STREAM_HEARTBEAT_SECONDS * 3) {
                    violations.add(where + ": nginx.ingress.kubernetes.io/proxy-read-timeout must be well above the "
                            + STREAM_HEARTBEAT_SECONDS + " s heartbeat (streams would be cut every minute)");
                }
            });
        }
        for (String service : routedDeployments) {
            Optional<JsonNode> deployment = m.find("Deployment", service);
            if (deployment.isEmpty() || m.find("Service", service).isEmpty()) {
                violations.add("Ingress routes to " + service + ", which is not one of the services");
            } else if (!admitsIngressController(m, deployment.get())) {
                violations.add(describe(deployment.get()) + ": no NetworkPolicy admits namespace "
                        + INGRESS_CONTROLLER_NAMESPACE + " to port http");
            }
        }
        return violations;
    }

    /** reminder-service's openly.notifications.stream.heartbeat default. */
    static final int STREAM_HEARTBEAT_SECONDS = 20;

    private static String publicPrefixOf(String path) {
        return PUBLIC_ROUTES.keySet().stream().filter(prefix -> prefixMatches(prefix, path)).findFirst().orElse(null);
    }

    /** Ingress Prefix semantics: whole path elements. */
    private static boolean prefixMatches(String prefix, String path) {
        return "/".equals(prefix) || path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static final Pattern CLASS_PATH = Pattern.compile("@Path\\(\"([^\"]+)\"\\)");

    /** The paths of the resources that produce Server-Sent Events, read from the services' sources. */
    static Set<String> serverSentEventPaths() {
        Set<String> paths = new TreeSet<>();
        Path root = Kustomize.deployDir().getParent();
        for (String module : List.of("journal-service", "reminder-service", "insights-service")) {
            try (var files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(file);
                    Matcher path = CLASS_PATH.matcher(text);
                    if (text.contains("SERVER_SENT_EVENTS") && path.find()) {
                        paths.add(path.group(1));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the sources of " + module, e);
            }
        }
        return paths;
    }

    private static boolean admitsIngressController(Manifests m, JsonNode deployment) {
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        for (JsonNode policy : m.ofKind("NetworkPolicy")) {
            if (!selects(policy.path("spec").path("podSelector"), podLabels)) {
                continue;
            }
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                boolean peer = false;
                for (JsonNode from : rule.path("from")) {
                    peer |= from.path("podSelector").isMissingNode() && INGRESS_CONTROLLER_NAMESPACE.equals(
                            from.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText());
                }
                boolean port = rule.path("ports").isEmpty();
                for (JsonNode p : rule.path("ports")) {
                    port |= "http".equals(p.path("port").asText());
                }
                if (peer && port) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- operations endpoints (issue 16 §3)

    /** The port of Quarkus' management interface in the services (platform's quarkus.management.port). */
    static final int MANAGEMENT_PORT = 9000;

    /**
     * A service's health and metrics are on its management interface only: the container declares the port
     * {@code management} (9000), every probe and every ServiceMonitor endpoint uses it, its Service exposes it, and
     * no NetworkPolicy lets anything but the monitoring namespace reach it (the ingress controller reaches http only).
     */
    static List<String> managementViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        for (JsonNode deployment : m.ofKind("Deployment")) {
            if (!moduleUses(name(deployment), METRICS_EXTENSION)) {
                continue;
            }
            String where = describe(deployment);
            JsonNode template = deployment.path("spec").path("template");
            JsonNode podLabels = template.path("metadata").path("labels");
            for (JsonNode c : template.path("spec").path("containers")) {
                boolean declared = false;
                for (JsonNode port : c.path("ports")) {
                    declared |= "management".equals(port.path("name").asText()) && port.path("containerPort").asInt() == MANAGEMENT_PORT;
                }
                if (!declared) {
                    violations.add(where + " container " + c.path("name").asText() + ": no port management (" + MANAGEMENT_PORT + ")");
                }
                for (String probe : PROBE_PATHS.keySet()) {
                    String port = c.path(probe).path("httpGet").path("port").asText();
                    if (!"management".equals(port) && !String.valueOf(MANAGEMENT_PORT).equals(port)) {
                        violations.add(where + " container " + c.path("name").asText() + ": " + probe + " must use port management (is " + port + ")");
                    }
                }
            }
            for (JsonNode service : m.ofKind("Service")) {
                if (service.path("spec").path("selector").isEmpty() || !isSubset(service.path("spec").path("selector"), podLabels)) {
                    continue;
                }
                boolean exposed = false;
                for (JsonNode port : service.path("spec").path("ports")) {
                    exposed |= "management".equals(port.path("name").asText()) && "management".equals(port.path("targetPort").asText());
                }
                if (!exposed) {
                    violations.add(describe(service) + ": no port management for Prometheus");
                }
                for (JsonNode sm : m.ofKind("ServiceMonitor")) {
                    if (!selects(sm.path("spec").path("selector"), service.path("metadata").path("labels"))) {
                        continue;
                    }
                    for (JsonNode endpoint : sm.path("spec").path("endpoints")) {
                        if (!"management".equals(endpoint.path("port").asText())) {
                            violations.add(describe(sm) + ": scrapes port " + endpoint.path("port").asText() + ", must be management");
                        }
                    }
                }
            }
            for (JsonNode policy : m.ofKind("NetworkPolicy")) {
                if (!selects(policy.path("spec").path("podSelector"), podLabels)) {
                    continue;
                }
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    boolean toManagement = rule.path("ports").isEmpty();
                    for (JsonNode p : rule.path("ports")) {
                        toManagement |= "management".equals(p.path("port").asText()) || p.path("port").asInt(-1) == MANAGEMENT_PORT;
                    }
                    if (!toManagement) {
                        continue;
                    }
                    for (JsonNode peer : rule.path("from")) {
                        String namespace = peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText("");
                        if (!"monitoring".equals(namespace) || !peer.path("podSelector").isMissingNode()) {
                            violations.add(describe(policy) + ": admits " + peer + " to the management port; only the monitoring namespace may scrape it");
                        }
                    }
                }
            }
        }
        return violations;
    }

    // ---------------------------------------------------------------- companions

    /**
     * Every Deployment has its Service, PDB, HPA, NetworkPolicy, a token-less ServiceAccount and, when its code exports
     * metrics, a ServiceMonitor.
     */
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
            } else if (moduleUses(name(deployment), METRICS_EXTENSION) && m.ofKind("ServiceMonitor").stream()
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

    // ---------------------------------------------------------------- the web front

    static final String WEB_SESSION_KEY_ENV = "OPENLY_WEB_SESSION_KEY";
    private static final String WEB_UPSTREAM_PREFIX = "OPENLY_WEB_UPSTREAMS_";

    /**
     * Deployments whose code uses neither Kafka nor PostgreSQL (the web front): sign-in through the identity provider
     * (never the local demo sign-in), one session key for every replica from a Secret, upstreams that are rendered
     * Services, and a NetworkPolicy that lets it reach exactly those services' pods on their http port, DNS and HTTPS
     * (the identity provider) out, admitted by those services, and nothing else: no Kafka, no database.
     */
    static List<String> frontViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        for (JsonNode deployment : m.ofKind("Deployment")) {
            if (moduleUses(name(deployment), KAFKA_EXTENSION) || moduleUses(name(deployment), POSTGRES_EXTENSION)) {
                continue;
            }
            String where = describe(deployment);
            JsonNode template = deployment.path("spec").path("template");
            JsonNode podLabels = template.path("metadata").path("labels");
            if (podLabels.has("openly.app/kafka-client")) {
                violations.add(where + ": labelled openly.app/kafka-client, but its module uses no Kafka");
            }
            Map<String, Integer> allowedPeers = new HashMap<>();
            for (JsonNode c : template.path("spec").path("containers")) {
                Map<String, String> env = environment(m, deployment, c);
                if (!"oidc".equalsIgnoreCase(env.getOrDefault("OPENLY_WEB_AUTH_MODE", "local"))) {
                    violations.add(where + ": OPENLY_WEB_AUTH_MODE must be oidc (is " + env.get("OPENLY_WEB_AUTH_MODE")
                            + "); the local demo sign-in lets anyone be anyone");
                }
                JsonNode key = envEntry(c, WEB_SESSION_KEY_ENV);
                JsonNode keyRef = key.path("valueFrom").path("secretKeyRef");
                if (keyRef.path("name").asText("").isEmpty() || keyRef.path("optional").asBoolean(false) || env.containsKey(WEB_SESSION_KEY_ENV)) {
                    violations.add(where + ": " + WEB_SESSION_KEY_ENV + " must come from a non-optional secretKeyRef"
                            + " (without it every replica seals sessions with a key of its own)");
                }
                for (Map.Entry<String, String> e : env.entrySet()) {
                    if (!e.getKey().startsWith(WEB_UPSTREAM_PREFIX) || e.getKey().endsWith("TIMEOUT")) {
                        continue;
                    }
                    Matcher url = Pattern.compile("http://([a-z0-9-]+)(?::80)?/?").matcher(e.getValue());
                    Optional<JsonNode> upstream = url.matches() ? m.find("Deployment", url.group(1)) : Optional.empty();
                    if (upstream.isEmpty() || m.find("Service", url.group(1)).isEmpty()) {
                        violations.add(where + ": " + e.getKey() + " " + e.getValue() + " is not http://<Service> of a rendered service");
                        continue;
                    }
                    int port = httpPort(upstream.get());
                    allowedPeers.put(url.group(1), port);
                    if (!egressAllows(m, deployment, "app.kubernetes.io/name", url.group(1), port)) {
                        violations.add(where + ": its NetworkPolicy does not allow egress to " + url.group(1) + " on port " + port);
                    }
                    if (!admits(m, upstream.get(), podLabels)) {
                        violations.add(describe(upstream.get()) + ": no NetworkPolicy admits " + name(deployment) + "'s pods to port http");
                    }
                }
            }
            for (JsonNode policy : m.ofKind("NetworkPolicy")) {
                if (!selects(policy.path("spec").path("podSelector"), podLabels)) {
                    continue;
                }
                for (JsonNode rule : policy.path("spec").path("egress")) {
                    List<Integer> ports = new ArrayList<>();
                    rule.path("ports").forEach(p -> ports.add(p.path("port").asInt(-1)));
                    Iterable<JsonNode> peers = rule.path("to").isEmpty() ? List.of(MissingNodeHolder.MISSING) : rule.path("to");
                    for (JsonNode to : peers) {
                        String peer = to.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText("");
                        boolean dns = "kube-dns".equals(to.path("podSelector").path("matchLabels").path("k8s-app").asText())
                                && !ports.isEmpty() && ports.stream().allMatch(p -> p == 53);
                        boolean service = allowedPeers.containsKey(peer) && ports.equals(List.of(allowedPeers.get(peer)));
                        boolean https = to.has("ipBlock") && ports.equals(List.of(443));
                        if (!dns && !service && !https) {
                            violations.add(describe(policy) + ": egress to " + to + " on ports " + ports
                                    + " is more than DNS, the upstream services and HTTPS to the identity provider");
                        }
                    }
                }
            }
        }
        return violations;
    }

    /** Holds a missing node, so a rule without "to" (every destination) is looked at once. */
    private static final class MissingNodeHolder {
        static final JsonNode MISSING = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static int httpPort(JsonNode deployment) {
        for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
            for (JsonNode port : c.path("ports")) {
                if ("http".equals(port.path("name").asText())) {
                    return port.path("containerPort").asInt();
                }
            }
        }
        return -1;
    }

    /** Some NetworkPolicy of the target admits pods with the given labels (same namespace) to port http. */
    private static boolean admits(Manifests m, JsonNode target, JsonNode clientLabels) {
        JsonNode podLabels = target.path("spec").path("template").path("metadata").path("labels");
        for (JsonNode policy : m.ofKind("NetworkPolicy")) {
            if (!selects(policy.path("spec").path("podSelector"), podLabels)) {
                continue;
            }
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                boolean peer = false;
                for (JsonNode from : rule.path("from")) {
                    peer |= from.path("namespaceSelector").isMissingNode() && selects(from.path("podSelector"), clientLabels);
                }
                boolean port = rule.path("ports").isEmpty();
                for (JsonNode p : rule.path("ports")) {
                    port |= "http".equals(p.path("port").asText());
                }
                if (peer && port) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- Web Push

    static final String INSECURE_ORIGINS_ENV = "OPENLY_NOTIFICATIONS_INSECURE_ORIGINS";
    static final List<String> VAPID_ENV = List.of("OPENLY_NOTIFICATIONS_VAPID_PUBLIC_KEY", "OPENLY_NOTIFICATIONS_VAPID_PRIVATE_KEY");

    /**
     * The Deployment whose code sends Web Push (a {@code @ConfigMapping(prefix = "openly.notifications")}) gets both
     * VAPID keys from a non-optional Secret, may reach HTTPS (the push services) and nothing else new; no Deployment
     * allows plain-http push endpoints.
     */
    static List<String> webPushViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        for (JsonNode cm : m.ofKind("ConfigMap")) {
            if (cm.path("data").has(INSECURE_ORIGINS_ENV)) {
                violations.add(describe(cm) + ": sets " + INSECURE_ORIGINS_ENV + " (plain-http push endpoints: local stack and tests only)");
            }
        }
        for (JsonNode deployment : m.ofKind("Deployment")) {
            String where = describe(deployment);
            boolean sendsPush = sourcesContain(name(deployment), "@ConfigMapping(prefix = \"openly.notifications\")");
            for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
                if (!envEntry(c, INSECURE_ORIGINS_ENV).isMissingNode()) {
                    violations.add(where + ": sets " + INSECURE_ORIGINS_ENV + " (plain-http push endpoints: local stack and tests only)");
                }
                if (!sendsPush) {
                    continue;
                }
                for (String env : VAPID_ENV) {
                    requiredSecret(c, env).ifPresent(problem -> violations.add(where + ": " + problem));
                }
            }
            if (sendsPush && !egressAllowsOut(m, deployment, 443)) {
                violations.add(where + ": its NetworkPolicy does not allow HTTPS (443) to the push services");
            }
        }
        return violations;
    }

    /** {@code env} must come from a Secret that must exist: why not, or empty. */
    static Optional<String> requiredSecret(JsonNode container, String env) {
        JsonNode entry = envEntry(container, env);
        JsonNode ref = entry.path("valueFrom").path("secretKeyRef");
        if (ref.path("name").asText("").isEmpty() || ref.path("key").asText("").isEmpty()
                || !ref.path("optional").isBoolean() || ref.path("optional").asBoolean()) {
            return Optional.of(env + " must come from a secretKeyRef with optional: false (is " + entry + ")");
        }
        return Optional.empty();
    }

    /** A NetworkPolicy selecting the Deployment's pods allows TCP to {@code port} on any address outside the cluster. */
    private static boolean egressAllowsOut(Manifests m, JsonNode deployment, int port) {
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        for (JsonNode policy : m.ofKind("NetworkPolicy")) {
            if (!selects(policy.path("spec").path("podSelector"), podLabels)) {
                continue;
            }
            for (JsonNode rule : policy.path("spec").path("egress")) {
                boolean outside = false;
                for (JsonNode to : rule.path("to")) {
                    outside |= "0.0.0.0/0".equals(to.path("ipBlock").path("cidr").asText());
                }
                boolean portAllowed = false;
                for (JsonNode p : rule.path("ports")) {
                    portAllowed |= p.path("port").asInt() == port && "TCP".equals(p.path("protocol").asText("TCP"));
                }
                if (outside && portAllowed) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- e-mail

    /** Where the mailer's connection comes from: always a Secret, never a value in a manifest. */
    static final List<String> SMTP_SECRET_ENV = List.of("QUARKUS_MAILER_HOST", "QUARKUS_MAILER_PORT", "QUARKUS_MAILER_USERNAME",
            "QUARKUS_MAILER_PASSWORD", "OPENLY_EMAIL_LINK_SECRET");
    /** The submission port (RFC 6409, STARTTLS) the NetworkPolicy opens and the relay in the Secret must listen on. */
    static final int SMTP_SUBMISSION_PORT = 587;

    /**
     * The Deployment whose code sends mail (it injects quarkus-mailer's {@code Mailer}) takes the relay's host, port,
     * user and password and the link-signing key from non-optional Secrets, never from a value or a ConfigMap; speaks
     * STARTTLS or nothing and logs in; never uses the mailer's mock; and its NetworkPolicy lets it reach the relay's
     * submission port. No ConfigMap of any Deployment holds one of those settings.
     */
    static List<String> emailViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        for (JsonNode cm : m.ofKind("ConfigMap")) {
            for (String env : SMTP_SECRET_ENV) {
                if (cm.path("data").has(env)) {
                    violations.add(describe(cm) + ": holds " + env + " (SMTP settings and the link key come from a Secret)");
                }
            }
        }
        for (JsonNode deployment : m.ofKind("Deployment")) {
            String where = describe(deployment);
            boolean sendsMail = sourcesContain(name(deployment), "import io.quarkus.mailer.Mailer;");
            for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
                if (!sendsMail) {
                    continue;
                }
                for (String env : SMTP_SECRET_ENV) {
                    requiredSecret(c, env).ifPresent(problem -> violations.add(where + ": " + problem));
                }
                Map<String, String> env = environment(m, deployment, c);
                for (String[] expected : new String[][] {{"QUARKUS_MAILER_START_TLS", "REQUIRED"}, {"QUARKUS_MAILER_LOGIN", "REQUIRED"}}) {
                    if (!expected[1].equals(env.get(expected[0]))) {
                        violations.add(where + ": " + expected[0] + " must be " + expected[1] + " (is " + env.get(expected[0]) + ")");
                    }
                }
                if ("true".equalsIgnoreCase(env.getOrDefault("QUARKUS_MAILER_MOCK", "false"))) {
                    violations.add(where + ": QUARKUS_MAILER_MOCK=true would keep every letter in memory");
                }
            }
            if (sendsMail && !egressAllowsOut(m, deployment, SMTP_SUBMISSION_PORT)) {
                violations.add(where + ": its NetworkPolicy does not allow TCP " + SMTP_SUBMISSION_PORT + " to the SMTP relay");
            }
        }
        return violations;
    }

    /** Settings that put the public address of the product into what people receive (letters, notifications). */
    static final List<String> PUBLIC_LINK_ENV = List.of("OPENLY_EMAIL_LINK_BASE", "OPENLY_NOTIFICATIONS_APP_URL");

    /**
     * Production: the links a letter or a notification carries lead to the product's own public hosts over https —
     * the confirmation and unsubscribe links to the API host, a notification's link to the web client's host — never
     * to the code's local defaults (127.0.0.1, localhost), and letters come from a configured sender.
     */
    static List<String> publicLinkViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        Set<String> tlsHosts = new TreeSet<>();
        for (JsonNode ingress : m.ofKind("Ingress")) {
            for (JsonNode tls : ingress.path("spec").path("tls")) {
                tls.path("hosts").forEach(h -> tlsHosts.add(h.asText()));
            }
        }
        for (JsonNode deployment : m.ofKind("Deployment")) {
            if (!sourcesContain(name(deployment), "import io.quarkus.mailer.Mailer;")) {
                continue;
            }
            String where = describe(deployment);
            for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
                Map<String, String> env = environment(m, deployment, c);
                for (String setting : PUBLIC_LINK_ENV) {
                    String value = env.get(setting);
                    java.net.URI uri = value == null ? null : java.net.URI.create(value);
                    if (uri == null || !"https".equals(uri.getScheme()) || !tlsHosts.contains(uri.getHost())) {
                        violations.add(where + ": " + setting + " must be an https URL on one of the Ingress hosts " + tlsHosts
                                + " (is " + value + "): people follow these links from their inbox and lock screen");
                    }
                }
                String from = env.get("QUARKUS_MAILER_FROM");
                if (from == null || from.contains("openly.local")) {
                    violations.add(where + ": QUARKUS_MAILER_FROM must name the sender letters come from (is " + from + ")");
                }
            }
        }
        return violations;
    }

    static boolean sourcesContain(String module, String text) {
        Path sources = Kustomize.deployDir().getParent().resolve(module).resolve("src/main/java");
        try (var files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Files.readString(file).contains(text)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the sources of " + module, e);
        }
    }

    // ---------------------------------------------------------------- secret rotation

    static final String RELOAD_ANNOTATION = "secret.reloader.stakater.com/reload";
    /** The env var whose Secret must never restart pods on change: a new master key cannot unwrap old data keys. */
    static final String MASTER_KEY_ENV = "OPENLY_CRYPTO_MASTER_KEY";

    /**
     * Each Deployment's Reloader annotation names exactly the Secrets its pods read at start (volumes,
     * env), except the master key's Secret, which it must never name.
     */
    static List<String> reloadViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        for (JsonNode deployment : m.ofKind("Deployment")) {
            String where = describe(deployment);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            Set<String> consumed = new TreeSet<>();
            Set<String> masterKey = new TreeSet<>();
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.path("secret").hasNonNull("secretName")) {
                    consumed.add(volume.path("secret").path("secretName").asText());
                }
            }
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode container : pod.path(list)) {
                    for (JsonNode env : container.path("env")) {
                        JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                        if (ref.hasNonNull("name")) {
                            (MASTER_KEY_ENV.equals(env.path("name").asText()) ? masterKey : consumed).add(ref.path("name").asText());
                        }
                    }
                    for (JsonNode from : container.path("envFrom")) {
                        if (from.path("secretRef").hasNonNull("name")) {
                            consumed.add(from.path("secretRef").path("name").asText());
                        }
                    }
                }
            }
            consumed.removeAll(masterKey);
            Set<String> watched = new TreeSet<>();
            for (String name : deployment.path("metadata").path("annotations").path(RELOAD_ANNOTATION).asText("").split(",")) {
                if (!name.isBlank()) {
                    watched.add(name.trim());
                }
            }
            for (String secret : consumed) {
                if (!watched.contains(secret)) {
                    violations.add(where + ": " + RELOAD_ANNOTATION + " misses Secret " + secret + " (read at start, so a change needs a roll)");
                }
            }
            for (String secret : watched) {
                if (masterKey.contains(secret)) {
                    violations.add(where + ": " + RELOAD_ANNOTATION + " names the master key's Secret " + secret
                            + " (a new master key cannot unwrap the existing data keys)");
                } else if (!consumed.contains(secret)) {
                    violations.add(where + ": " + RELOAD_ANNOTATION + " names Secret " + secret + ", which its pods do not read");
                }
            }
        }
        return violations;
    }

    // ---------------------------------------------------------------- alerts

    /** Metric families every deployment must alert on: a silent outbox, lost events, a stalled reminder scan, failing or late delivery. */
    static final Set<String> MUST_BE_WATCHED = Set.of("openly_outbox_backlog", "openly_entry_events", "openly_reminders_last_scan_epoch_seconds",
            "openly_notifications_failed", "openly_notifications_due_to_sent");
    private static final Pattern OPENLY_METRIC = Pattern.compile("\\bopenly_[a-z0-9_]+");
    private static final Pattern METER_NAME = Pattern.compile("\"(openly(?:\\.[a-z0-9]+)+)\"");
    private static final List<String> SAMPLE_SUFFIXES = List.of("_seconds_count", "_seconds_sum", "_seconds_max", "_total", "_count", "_sum", "_max",
            "_seconds");

    /**
     * Alerts exist, each has a severity, a summary and a runbook section that exists in deploy/README.md,
     * and every openly_* metric an expression reads is one the code registers (a renamed meter would
     * otherwise silence its alert without anyone noticing).
     */
    static List<String> alertViolations(Manifests m) {
        List<String> violations = new ArrayList<>();
        Set<String> exported = exportedMetrics();
        Set<String> anchors = readmeAnchors();
        Set<String> watched = new TreeSet<>();
        int alerts = 0;
        for (JsonNode rule : m.ofKind("PrometheusRule")) {
            for (JsonNode group : rule.path("spec").path("groups")) {
                for (JsonNode r : group.path("rules")) {
                    if (!r.hasNonNull("alert")) {
                        continue;
                    }
                    alerts++;
                    String where = "alert " + r.path("alert").asText();
                    String severity = r.path("labels").path("severity").asText("");
                    if (!Set.of("warning", "critical").contains(severity)) {
                        violations.add(where + ": severity must be warning or critical, is '" + severity + "'");
                    }
                    if (r.path("annotations").path("summary").asText("").isBlank()) {
                        violations.add(where + ": no summary");
                    }
                    String runbook = r.path("annotations").path("runbook").asText("");
                    if (!runbook.startsWith("deploy/README.md#") || !anchors.contains(runbook.substring("deploy/README.md#".length()))) {
                        violations.add(where + ": runbook '" + runbook + "' is not a section of deploy/README.md");
                    }
                    Matcher metric = OPENLY_METRIC.matcher(r.path("expr").asText(""));
                    while (metric.find()) {
                        String family = exported.contains(metric.group()) ? metric.group() : family(metric.group());
                        watched.add(family);
                        if (!exported.contains(family)) {
                            violations.add(where + ": reads " + metric.group() + ", which no service registers");
                        }
                    }
                }
            }
        }
        if (alerts == 0) {
            violations.add("no PrometheusRule alert: a stalled outbox, dead-lettered events or a stalled reminder scan would go unnoticed");
        }
        for (String must : MUST_BE_WATCHED) {
            if (!watched.contains(must)) {
                violations.add("no alert reads " + must);
            }
        }
        return violations;
    }

    private static String family(String sample) {
        for (String suffix : SAMPLE_SUFFIXES) {
            if (sample.endsWith(suffix)) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return sample;
    }

    /** Micrometer meter names written in the services' and platform's sources, as Prometheus spells them. */
    static Set<String> exportedMetrics() {
        Set<String> names = new TreeSet<>();
        Path root = Kustomize.deployDir().getParent();
        for (String module : List.of("platform", "journal-service", "reminder-service", "insights-service")) {
            try (var files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher meter = METER_NAME.matcher(Files.readString(file));
                    while (meter.find()) {
                        names.add(meter.group(1).replace('.', '_'));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the sources of " + module, e);
            }
        }
        return names;
    }

    /** GitHub-style anchors of the headings in deploy/README.md. */
    static Set<String> readmeAnchors() {
        Set<String> anchors = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Kustomize.deployDir().resolve("README.md"))) {
                if (line.startsWith("#")) {
                    anchors.add(line.replaceFirst("^#+\\s*", "").toLowerCase(java.util.Locale.ROOT)
                            .replaceAll("[^a-z0-9 _-]", "").trim().replace(' ', '-'));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read deploy/README.md", e);
        }
        return anchors;
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
        for (JsonNode backup : m.ofKind("ScheduledBackup")) {
            JsonNode spec = backup.path("spec");
            if (!"plugin".equals(spec.path("method").asText()) || !BARMAN_CLOUD_PLUGIN.equals(spec.path("pluginConfiguration").path("name").asText())) {
                violations.add(describe(backup) + ": must back up with method plugin through " + BARMAN_CLOUD_PLUGIN);
            } else {
                scheduled.add(spec.path("cluster").path("name").asText());
            }
        }
        for (JsonNode cluster : m.ofKind("Cluster")) {
            String where = describe(cluster);
            if (cluster.path("spec").path("instances").asInt() != 3) {
                violations.add(where + ": production needs 3 instances (is " + cluster.path("spec").path("instances") + ")");
            }
            if (!cluster.path("spec").path("backup").path("barmanObjectStore").isMissingNode()) {
                violations.add(where + ": spec.backup.barmanObjectStore is CloudNativePG's deprecated in-tree backup (removed in 1.31); use the "
                        + BARMAN_CLOUD_PLUGIN + " plugin");
            }
            JsonNode archiver = null;
            for (JsonNode plugin : cluster.path("spec").path("plugins")) {
                if (BARMAN_CLOUD_PLUGIN.equals(plugin.path("name").asText()) && plugin.path("isWALArchiver").asBoolean(false)
                        && plugin.path("enabled").asBoolean(true)) {
                    archiver = plugin;
                }
            }
            if (archiver == null) {
                violations.add(where + ": no enabled " + BARMAN_CLOUD_PLUGIN + " plugin with isWALArchiver: true (no WAL archive, no backups)");
            } else {
                String storeName = archiver.path("parameters").path("barmanObjectName").asText("");
                JsonNode store = m.find("ObjectStore", storeName).orElse(null);
                if (store == null) {
                    violations.add(where + ": barmanObjectName '" + storeName + "' names no rendered ObjectStore");
                } else {
                    violations.addAll(objectStoreViolations(store));
                }
            }
            if (!scheduled.contains(name(cluster))) {
                violations.add(where + ": no ScheduledBackup (method plugin)");
            }
        }
        return violations;
    }

    static final String BARMAN_CLOUD_PLUGIN = "barman-cloud.cloudnative-pg.io";

    private static List<String> objectStoreViolations(JsonNode store) {
        List<String> violations = new ArrayList<>();
        String where = describe(store);
        JsonNode configuration = store.path("spec").path("configuration");
        if (configuration.path("destinationPath").asText("").isEmpty()) {
            violations.add(where + ": configuration.destinationPath missing");
        }
        JsonNode credentials = configuration.path("s3Credentials");
        for (String field : List.of("accessKeyId", "secretAccessKey")) {
            if (credentials.path(field).path("name").asText("").isEmpty() || credentials.path(field).path("key").asText("").isEmpty()) {
                violations.add(where + ": s3Credentials." + field + " must reference a Secret (name and key)");
            }
        }
        if (store.path("spec").path("retentionPolicy").asText("").isEmpty()) {
            violations.add(where + ": retentionPolicy missing (backups would be kept forever)");
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
