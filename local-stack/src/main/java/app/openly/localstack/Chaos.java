package app.openly.localstack;

import app.openly.events.EntryRecorded;
import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./openly chaos}: steady load on journal (every request retried with its Idempotency-Key until it is
 * accepted), faults in sequence (kill -9, then a restart), then an audit from the three databases and the entry
 * topic. Runs against the stack {@code ./openly chaos} started on its own ports; exits 1 on any loss, duplicate,
 * orphan or double-applied effect.
 * <p>
 * Over 200 lines on purpose: load, fault injection, the recovery measure and the audit share the run's bookkeeping
 * (accepted keys, requests still pending, the current fault's counters); the experiment reads top to bottom as the
 * issue describes it, and each part is a few methods here rather than a class that would expose that state.
 */
final class Chaos {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final int PEOPLE = 50;
    private static final int RATE_PER_SECOND = 20;
    private static final List<String> GROUPS = List.of("reminder-service", "insights-service");

    record Fault(String component, Duration down) {
        String label() {
            return "kill -9 " + component + (down.toSeconds() >= 5 ? " (back after " + down.toSeconds() + " s)" : "");
        }
    }

    /** One fault's figures: failed client attempts while it lasted, outage (kill to ready), recovery (kill to caught up). */
    static final class Outcome {
        final Fault fault;
        final AtomicInteger failedAttempts = new AtomicInteger();
        double outageSeconds = Double.NaN;
        double recoverySeconds = Double.NaN;

        Outcome(Fault fault) {
            this.fault = fault;
        }
    }

    private final Path home;
    private final String openly;
    private final String journal;
    private final Map<String, String> urls = new HashMap<>();
    private final int pgPort;
    private final String kafka;
    private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> accepted = new ConcurrentHashMap<>(); // idempotency key -> entry id
    private final AtomicInteger gaveUp = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastSuccessNanos = new AtomicLong();
    /** Request number -> when it was first sent, while it has not been accepted yet: the backlog a fault leaves. */
    private final Map<Integer, Long> pendingSince = new ConcurrentHashMap<>();
    private Admin admin;
    private volatile Outcome current;
    private volatile boolean loadStopped;
    private String[] tokens;

    private Chaos(Map<String, String> o, Path home) {
        this.home = home;
        this.openly = o.get("openly");
        this.journal = o.get("journal");
        urls.put("journal", o.get("journal"));
        urls.put("reminder", o.get("reminder"));
        urls.put("insights", o.get("insights"));
        this.pgPort = Integer.parseInt(o.get("pg-port"));
        this.kafka = o.get("kafka");
    }

    static void run(Map<String, String> options, Path home) throws Exception {
        boolean quick = Boolean.parseBoolean(options.getOrDefault("quick", "false"));
        List<Fault> faults = quick
                ? List.of(new Fault("kafka", Duration.ofSeconds(3)), new Fault("postgres", Duration.ofSeconds(10)),
                        new Fault("reminder", Duration.ofSeconds(1)))
                : List.of(new Fault("kafka", Duration.ofSeconds(5)), new Fault("kafka", Duration.ofSeconds(5)),
                        new Fault("insights", Duration.ofSeconds(1)), new Fault("reminder", Duration.ofSeconds(1)),
                        new Fault("postgres", Duration.ofSeconds(10)), new Fault("journal", Duration.ofSeconds(1)));
        // For a closer look at one fault: --faults kafka:5,reminder:1 (component:seconds down) replaces the sequence.
        String only = options.get("faults");
        if (only != null && !only.isBlank()) {
            faults = java.util.Arrays.stream(only.split(",")).map(f -> f.split(":"))
                    .map(f -> new Fault(f[0], Duration.ofSeconds(Long.parseLong(f[1])))).toList();
        }
        int rc = new Chaos(options, home).experiment(faults, quick);
        System.exit(rc);
    }

    private int experiment(List<Fault> faults, boolean quick) throws Exception {
        long started = System.nanoTime();
        admin = admin();
        RSAPrivateKey key = LocalKeys.ensure(home.resolve("keys"));
        tokens = new String[PEOPLE];
        for (int p = 0; p < PEOPLE; p++) {
            tokens[p] = JwtSigner.sign(key, person(p), "chaos-org", null, Clock.systemUTC());
        }
        System.out.printf("chaos: %d POST /entries per second for %d people, every request retried with its Idempotency-Key; faults: %s%n",
                RATE_PER_SECOND, PEOPLE, faults.stream().map(Fault::label).toList());
        ExecutorService clients = Executors.newFixedThreadPool(32);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sequence = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            if (!loadStopped) {
                int n = sequence.getAndIncrement();
                inFlight.incrementAndGet();
                clients.execute(() -> {
                    try {
                        writeUntilAccepted(n);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            }
        }, 0, 1000 / RATE_PER_SECOND, TimeUnit.MILLISECONDS);

        Thread.sleep(quick ? 10_000 : 15_000);
        List<Outcome> outcomes = new ArrayList<>();
        for (Fault fault : faults) {
            Outcome outcome = new Outcome(fault);
            outcomes.add(outcome);
            inject(outcome);
            Thread.sleep(quick ? 3_000 : 8_000); // steady load between faults
        }
        current = null;
        loadStopped = true;
        ticker.shutdown();
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) {
            Thread.sleep(200);
        }
        clients.shutdownNow();
        // Let the outbox and the consumers finish what was accepted.
        long settleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!caughtUp() && System.nanoTime() < settleDeadline) {
            Thread.sleep(500);
        }
        int rc = audit(outcomes, sequence.get());
        System.out.printf("chaos: finished in %.0f s (stack start not included)%n", (System.nanoTime() - started) / 1e9);
        return rc;
    }

    private String person(int p) {
        return "chaos-" + runId + "-" + p;
    }

    private void writeUntilAccepted(int n) {
        pendingSince.put(n, System.nanoTime());
        try {
            writeUntilAcceptedOrGiveUp(n);
        } finally {
            pendingSince.remove(n);
        }
    }

    private void writeUntilAcceptedOrGiveUp(int n) {
        String idempotencyKey = UUID.randomUUID().toString();
        String occurred = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).withNano(0).toString();
        String body = "{\"practice\":\"BODY_ANCHOR\",\"occurredAt\":\"" + occurred + "\",\"timeZone\":\"Europe/Berlin\","
                + "\"breaths\":" + (5 + n % 10) + ",\"handOnHeart\":true,\"calmBefore\":3,\"calmAfter\":7}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(journal + "/api/v1/entries"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokens[n % PEOPLE])
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long backoff = 200;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 || response.statusCode() == 201) {
                    Matcher m = ID.matcher(response.body());
                    if (m.find()) {
                        accepted.put(idempotencyKey, m.group(1));
                        lastSuccessNanos.set(System.nanoTime());
                        return;
                    }
                }
            } catch (Exception e) {
                // refused, reset or timed out: the client tries again with the same key
            }
            Outcome o = current;
            if (o != null) {
                o.failedAttempts.incrementAndGet();
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoff = Math.min(2000, backoff * 2);
        }
        gaveUp.incrementAndGet();
    }

    private void inject(Outcome outcome) throws Exception {
        Fault fault = outcome.fault;
        current = outcome;
        long killedAt = System.nanoTime();
        kill(fault.component());
        System.out.printf("chaos: %s%n", fault.label());
        Thread.sleep(fault.down().toMillis());
        Process restart = new ProcessBuilder(openly, "_restart", fault.component()).inheritIO().start();
        if (restart.waitFor() != 0) {
            throw new LocalStackException("could not restart " + fault.component());
        }
        long readyDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!ready(fault.component())) {
            if (System.nanoTime() > readyDeadline) {
                throw new LocalStackException(fault.component() + " did not come back within 300 s");
            }
            Thread.sleep(250);
        }
        long readyAt = System.nanoTime();
        outcome.outageSeconds = (readyAt - killedAt) / 1e9;
        long recoveryDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean recovered = awaitBacklogApplied(readyAt, recoveryDeadline);
        outcome.recoverySeconds = (System.nanoTime() - killedAt) / 1e9;
        System.out.printf("chaos:   back after %.1f s, caught up after %.1f s%s%n", outcome.outageSeconds, outcome.recoverySeconds,
                recovered ? "" : " (not caught up within 120 s: the figure is the bound)");
    }

    private void kill(String component) throws Exception {
        if (component.equals("postgres")) {
            // The server itself (a daemon under the launcher), then its launcher.
            Path pidFile = home.resolve("pg/postmaster.pid");
            if (Files.exists(pidFile)) {
                killHard(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
            }
        }
        killHard(Long.parseLong(Files.readString(home.resolve("run/" + component + ".pid")).trim()));
    }

    private static void killHard(long pid) throws InterruptedException {
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly(); // SIGKILL
        });
        for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(50);
        }
    }

    private boolean ready(String component) {
        return switch (component) {
            case "postgres" -> {
                try (Connection c = db("journal")) {
                    yield c.isValid(2);
                } catch (Exception e) {
                    yield false;
                }
            }
            case "kafka" -> {
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    yield true;
                } catch (Exception e) {
                    yield false;
                }
            }
            default -> {
                try {
                    var r = http.send(HttpRequest.newBuilder(URI.create(LoadBench.managementUrl(urls.get(component), null) + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    yield r.statusCode() == 200;
                } catch (Exception e) {
                    yield false;
                }
            }
        };
    }

    /**
     * Recovery means the backlog the fault left has been worked off while the load goes on: every request sent before
     * the component was ready again has been accepted, everything written until then has left the outbox, and both
     * consumer groups have committed past the topic's end as it stood at that moment. (Waiting for an empty outbox and
     * zero lag instead never ends under steady load — there is always the last second's work in flight.)
     */
    private boolean awaitBacklogApplied(long readyAt, long deadline) throws InterruptedException {
        while (pendingSince.values().stream().anyMatch(sent -> sent < readyAt)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        Instant clientsThrough = Instant.now();
        long clientsAt = System.nanoTime();
        long publishedAt = 0;
        Map<TopicPartition, Long> target = null;
        Map<String, Long> groupAt = new HashMap<>();
        long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (target == null && outboxEmptyUpTo(clientsThrough)) {
                target = topicEnds();
                publishedAt = System.nanoTime();
            }
            if (System.nanoTime() > nextProgress) {
                nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                System.out.printf("chaos:   +%.0f s after ready: %s%n", (System.nanoTime() - readyAt) / 1e9, progress(target));
            }
            if (target != null) {
                for (String group : GROUPS) {
                    if (!groupAt.containsKey(group) && groupReached(group, target)) {
                        groupAt.put(group, System.nanoTime());
                    }
                }
                if (groupAt.size() == GROUPS.size()) {
                    // Where the time went, from the moment the component was ready again.
                    System.out.printf("chaos:   after ready: clients through +%.1f s, published +%.1f s, %s%n",
                            (clientsAt - readyAt) / 1e9, (publishedAt - readyAt) / 1e9,
                            String.join(", ", GROUPS.stream().map(g -> String.format("%s +%.1f s", g, (groupAt.get(g) - readyAt) / 1e9)).toList()));
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** While a recovery takes long, what is still to do: the outbox, and each group's distance to the target. */
    private String progress(Map<TopicPartition, Long> target) {
        StringBuilder line = new StringBuilder(target == null ? "outbox still holds older rows" : "published");
        Map<TopicPartition, Long> ends = target != null ? target : topicEnds();
        for (String group : GROUPS) {
            try {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                long behind = 0;
                for (var t : ends.entrySet()) {
                    var c = committed.get(t.getKey());
                    behind += Math.max(0, t.getValue() - (c == null ? 0 : c.offset()));
                }
                line.append(", ").append(group).append(" ").append(behind).append(" behind");
            } catch (Exception e) {
                line.append(", ").append(group).append(" offsets unknown (").append(e.getClass().getSimpleName()).append(")");
            }
        }
        return line.toString();
    }

    private boolean outboxEmptyUpTo(Instant through) {
        try (Connection c = db("journal"); var ps = c.prepareStatement("select count(*) from outbox_event where created_at <= ?")) {
            ps.setObject(1, through.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        } catch (Exception e) {
            return false;
        }
    }

    private Map<TopicPartition, Long> topicEnds() {
        try {
            var partitions = admin.describeTopics(List.of(Topics.JOURNAL_ENTRY_EVENTS)).allTopicNames().get(5, TimeUnit.SECONDS)
                    .get(Topics.JOURNAL_ENTRY_EVENTS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.JOURNAL_ENTRY_EVENTS, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (Exception e) {
            return null;
        }
    }

    /** Both consumer groups have committed at least to the given offsets. */
    private boolean groupsReached(Map<TopicPartition, Long> target) {
        return GROUPS.stream().allMatch(group -> groupReached(group, target));
    }

    private boolean groupReached(String group, Map<TopicPartition, Long> target) {
        try {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            for (var t : target.entrySet()) {
                var c = committed.get(t.getKey());
                if (t.getValue() > 0 && (c == null || c.offset() < t.getValue())) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Nothing waiting in journal's outbox and both consumer groups at the end of the entry topic. */
    private boolean caughtUp() {
        if (!outboxEmptyUpTo(Instant.now().plusSeconds(3600))) {
            return false;
        }
        Map<TopicPartition, Long> ends = topicEnds();
        return ends != null && groupsReached(ends);
    }

    private int audit(List<Outcome> outcomes, int attempted) throws Exception {
        String like = "chaos-" + runId + "-%";
        Set<String> journalIds = ids("journal", "select id::text from journal_entry where user_id like ?", like);
        Set<String> insightsIds = ids("insights", "select entry_id::text from entry_projection where user_id like ?", like);
        Set<String> reminderIds = ids("reminder", "select entry_id::text from practice_history where user_id like ?", like);
        Set<String> publishedIds = new HashSet<>();
        int deadLettered = readTopic(Topics.JOURNAL_ENTRY_EVENTS, publishedIds);
        deadLettered = readTopic(Topics.dlq(Topics.JOURNAL_ENTRY_EVENTS), new HashSet<>());

        Set<String> acceptedIds = new HashSet<>(accepted.values());
        // Consumers still behind the topic (a slow machine) have not lost what they have not read yet: counted apart.
        boolean consumersCaughtUp = caughtUp();
        int lost = 0;
        int behind = 0;
        for (String id : acceptedIds) {
            if (!journalIds.contains(id) || !publishedIds.contains(id)) {
                lost++;
            } else if (!insightsIds.contains(id) || !reminderIds.contains(id)) {
                if (consumersCaughtUp) {
                    lost++;
                } else {
                    behind++;
                }
            }
        }
        long acceptedInJournal = acceptedIds.stream().filter(journalIds::contains).count();
        int duplicated = (int) (journalIds.size() - acceptedInJournal) + (accepted.size() - acceptedIds.size());
        Set<String> effects = new HashSet<>(insightsIds);
        effects.addAll(reminderIds);
        effects.addAll(publishedIds);
        int orphans = (int) effects.stream().filter(id -> !journalIds.contains(id)).count();
        int doubleApplied = excess("insights", "select coalesce(sum(greatest(0, d.entries - coalesce(p.n, 0))), 0) from daily_practice d "
                + "left join (select user_id, local_date, practice, count(*) n from entry_projection where not deleted group by 1, 2, 3) p "
                + "using (user_id, local_date, practice) where d.user_id like ?", like)
                + excess("reminder", "select coalesce(sum(greatest(0, a.entries_seen - coalesce(h.n, 0))), 0) from practice_activity a "
                + "left join (select user_id, practice, count(*) n from practice_history where not deleted group by 1, 2) h "
                + "using (user_id, practice) where a.user_id like ?", like)
                + excess("reminder", "select count(*) - count(distinct event_id) from processed_event", null)
                + excess("insights", "select count(*) - count(distinct event_id) from processed_event", null);

        System.out.println();
        System.out.printf("%-36s | %15s | %8s | %10s%n", "fault", "failed attempts", "outage s", "recovery s");
        System.out.println("-".repeat(36) + "-+-" + "-".repeat(15) + "-+-" + "-".repeat(8) + "-+-" + "-".repeat(10));
        for (Outcome o : outcomes) {
            System.out.printf("%-36s | %15d | %8.1f | %10.1f%n", o.fault.label(), o.failedAttempts.get(), o.outageSeconds, o.recoverySeconds);
        }
        System.out.println();
        System.out.printf("requests=%d gave-up=%d dead-lettered=%d (journal %d, on topic %d, insights %d, reminder %d)%n",
                attempted, gaveUp.get(), deadLettered, journalIds.size(), publishedIds.size(), insightsIds.size(), reminderIds.size());
        System.out.printf("accepted=%d lost=%d duplicated=%d orphans=%d double-applied=%d%n",
                accepted.size(), lost, duplicated, orphans, doubleApplied);
        if (behind > 0) {
            System.out.printf("behind=%d (accepted and published, not yet applied: the consumers had not reached the end of the topic)%n", behind);
        }
        boolean ok = behind == 0 && lost == 0 && duplicated == 0 && orphans == 0 && doubleApplied == 0 && deadLettered == 0 && gaveUp.get() == 0;
        System.out.println(ok ? "chaos: nothing lost, nothing twice." : "chaos: FAILED (see the figures above)");
        return ok ? 0 : 1;
    }

    private Set<String> ids(String database, String sql, String like) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = db(database); var ps = c.prepareStatement(sql)) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private int excess(String database, String sql, String like) throws Exception {
        try (Connection c = db(database); var ps = c.prepareStatement(sql)) {
            if (like != null) {
                ps.setString(1, like);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Reads a topic to its end; collects the entry ids of this run's EntryRecorded events; returns the record count. */
    private int readTopic(String topic, Set<String> entryIds) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            int count = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    count++;
                    try {
                        EventEnvelope e = EventJson.decode(r.value());
                        if (e.payload() instanceof EntryRecorded recorded && e.userId().startsWith("chaos-" + runId + "-")) {
                            entryIds.add(recorded.entry().entryId().toString());
                        }
                    } catch (RuntimeException undecodable) {
                        // counted, not ours
                    }
                }
            }
            return count;
        }
    }

    private Connection db(String database) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "openly");
        p.setProperty("password", "openly");
        p.setProperty("connectTimeout", "2");
        p.setProperty("socketTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/" + database, p);
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        return Admin.create(p);
    }
}
