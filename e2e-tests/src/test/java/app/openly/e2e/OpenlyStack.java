package app.openly.e2e;

import app.openly.testsupport.SharedInfrastructure;
import app.openly.testsupport.TestTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole system, once per test JVM: one real PostgreSQL (a database per service) and one real Kafka broker
 * (test-support's embedded ones, every topic created), and journal-, reminder- and insights-service each as its
 * own process from its packaged jar, in the production profile, on free ports from 25000 up. Tests share it
 * ({@link #get()}); each test works with its own new people ({@link #newPerson}), so tests never see each
 * other's data. Started on first use, stopped when the JVM exits.
 */
public final class OpenlyStack {

    /** How long one service may take to start (the machine may be busy with other builds). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("openly.e2e.start-timeout-seconds", 300));
    /** How long a condition across services may take to become true (consumption, publication). */
    public static final Duration SETTLE = Duration.ofSeconds(Long.getLong("openly.e2e.settle-seconds", 60));

    private static OpenlyStack instance;
    private static int nextPort = Integer.getInteger("openly.e2e.port-base", 25000);

    public final ServiceProcess journal;
    public final ServiceProcess reminder;
    public final ServiceProcess insights;
    private final Map<String, Database> databases = new LinkedHashMap<>();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Path root = Path.of(System.getProperty("openly.e2e.root", "..")).toAbsolutePath().normalize();
    private final Path logs = Path.of(System.getProperty("openly.e2e.logs", "target/e2e-logs")).toAbsolutePath();
    private final String masterKey = randomKey();
    private final String kafka;

    /** The running stack, started by the first caller. */
    public static synchronized OpenlyStack get() {
        if (instance == null) {
            instance = new OpenlyStack();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stopAll, "openly-e2e-stop"));
            instance.startAll();
        }
        return instance;
    }

    private OpenlyStack() {
        kafka = SharedInfrastructure.kafkaBootstrapServers();
        for (String service : List.of("journal", "reminder", "insights")) {
            databases.put(service, new Database(service, SharedInfrastructure.database(service)));
        }
        journal = service("journal", "journal", Map.of());
        reminder = service("reminder", "reminder", Map.of());
        // Closed weeks of organizations are published within seconds instead of every 5 minutes.
        insights = service("insights", "insights", Map.of("OPENLY_ORG_VIEW_PUBLISH_EVERY", "2s"));
    }

    private void startAll() {
        // Three JVMs start at once; each waits for its own readiness.
        var started = List.of(journal, reminder, insights).stream()
                .map(s -> CompletableFuture.runAsync(() -> s.start().awaitReady(START_TIMEOUT)))
                .toList();
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            stopAll();
            throw e;
        }
    }

    /**
     * Another instance of journal-service on the same database and broker (a second replica: its own relay,
     * its own HTTP port). Started and ready when this returns; the caller stops it (a {@code finally}).
     */
    public ServiceProcess startAnotherJournal(String name) {
        ServiceProcess second = service(name, "journal", Map.of());
        second.start().awaitReady(START_TIMEOUT);
        return second;
    }

    /** A new person with a unique id, in {@code zone}, without an organization. */
    public Person newPerson(String zone) {
        return newPerson(zone, null);
    }

    /** A new person in {@code zone} and organization {@code org}, with the token groups given (e.g. {@code org-admin}). */
    public Person newPerson(String zone, String org, String... groups) {
        String id = "e2e-" + java.util.UUID.randomUUID();
        return new Person(this, id, org, zone, TestTokens.forUser(id, org, groups));
    }

    /** The database of a service ({@code journal}, {@code reminder} or {@code insights}). */
    public Database db(String service) {
        Database d = databases.get(service);
        if (d == null) {
            throw new IllegalArgumentException("no database " + service + "; there are " + databases.keySet());
        }
        return d;
    }

    public List<Database> databases() {
        return List.copyOf(databases.values());
    }

    /** Bootstrap servers of the broker every service uses. */
    public String kafka() {
        return kafka;
    }

    private ServiceProcess service(String name, String service, Map<String, String> extra) {
        var db = SharedInfrastructure.database(service);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        // Used only if the service serves health and metrics on a management interface.
        int management = freePort();
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(management));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", db.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestTokens.publicKeyFile().toUri().toString());
        env.put("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER);
        env.put("OPENLY_CRYPTO_MASTER_KEY", masterKey);
        // A throwaway VAPID pair (the one the services' test profile uses): signs nothing real.
        env.put("OPENLY_NOTIFICATIONS_VAPID_PUBLIC_KEY",
                "BIL_8zS20Zcatq05OSJQPN7615k5T2bqCAz48MlAn6UriMdKfL-eqqpCVr_UM7D_KfiMLaDjtc_nSB8D3q_EKSk");
        env.put("OPENLY_NOTIFICATIONS_VAPID_PRIVATE_KEY", "2Ix6kDEMDd5ECOvMnrt9TUnwYrEZrB-aN4Z0L4Jg-ZQ");
        env.put("OPENLY_NOTIFICATIONS_INSECURE_ORIGINS", "http://127.0.0.1");
        env.putAll(extra);
        Path jar = root.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
        ServiceProcess p = new ServiceProcess(name, jar, Integer.parseInt(env.get("QUARKUS_HTTP_PORT")), management, env, logs);
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    private void stopAll() {
        List<ServiceProcess> all;
        synchronized (processes) {
            all = List.copyOf(processes);
        }
        all.forEach(ServiceProcess::kill);
    }

    /** The next port from the base (25000) that is free now. */
    static synchronized int freePort() {
        while (nextPort < 65535) {
            int candidate = nextPort++;
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress("0.0.0.0", candidate));
                return candidate;
            } catch (IOException busy) {
                // taken by someone else: try the next one
            }
        }
        throw new UncheckedIOException(new IOException("no free port above the base"));
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
