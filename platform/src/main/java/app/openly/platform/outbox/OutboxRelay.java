package app.openly.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka in id order and deletes them: each round takes a batch out (deleted in an open
 * transaction), publishes it, waits for the broker's acks, then commits; a failed round rolls back and the rows wait.
 * <p>
 * Safe with several replicas: a session-less transaction-scoped advisory lock lets exactly one
 * replica publish at a time (the others skip the round), which keeps each person's events in
 * commit order. Publishing is at-least-once (a crash between the broker's ack and the delete
 * re-sends a batch); consumers deduplicate by event id. While Kafka is down rows simply wait.
 * <p>
 * Over 200 lines on purpose: the loop, the advisory lock, what it does while the database or the broker is away and the
 * producer's settings are one mechanism, on raw JDBC (which the persistence idiom allows only in platform: README).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming the relay's advisory lock. */
    private static final long RELAY_LOCK = 0x4f50454e4c59L;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    OutboxConfig config;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    java.util.Optional<String> jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    java.util.Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    java.util.Optional<String> password;
    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;
    /**
     * The Kafka settings every channel of the service gets ({@code kafka.*} properties and
     * {@code KAFKA_*} environment variables, as Quarkus collects them). The relay takes the connection
     * security from them, so TLS and SASL configured for the service cover the relay too.
     */
    @Inject
    @io.smallrye.common.annotation.Identifier("default-kafka-broker")
    java.util.Map<String, Object> serviceKafkaSettings;

    private volatile KafkaProducer<String, byte[]> producer;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile Thread worker;
    private final AtomicLong backlog = new AtomicLong();
    private Counter published;
    private Counter roundsPublished;
    private Counter roundsEmpty;
    private Counter roundsLocked;
    /** When the last round began (nanoTime): {@link OutboxConfig#linger()} counts from it. */
    private volatile long lastRoundStart = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private Counter failures;
    private Counter databaseLosses;
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private final AtomicBoolean brokerUp = new AtomicBoolean(true);
    private volatile long databaseDownSince;
    private volatile long brokerDownSince;

    @jakarta.annotation.PostConstruct
    void metrics() {
        published = registry.counter("openly.outbox.published");
        // Rounds by outcome: a published round costs 3 statements (lock, delete-returning, commit) and one broker flush,
        // an empty one 3 (lock, delete-returning, rollback), a locked one 2 (another replica publishes); events per
        // published round is the relay's batching (issue 17: statements and produce requests per entry).
        roundsPublished = registry.counter("openly.outbox.rounds", "result", "published");
        roundsEmpty = registry.counter("openly.outbox.rounds", "result", "empty");
        roundsLocked = registry.counter("openly.outbox.rounds", "result", "locked");
        failures = registry.counter("openly.outbox.publish.failures");
        Gauge.builder("openly.outbox.backlog", backlog, AtomicLong::get).register(registry);
        // 0 while the relay cannot reach its database; openly_outbox_database_lost_total counts the outages.
        Gauge.builder("openly.outbox.database.up", databaseUp, up -> up.get() ? 1 : 0).register(registry);
        databaseLosses = registry.counter("openly.outbox.database.lost");
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.relayEnabled()) {
            return;
        }
        worker = new Thread(this::loop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    /** Called after a transaction that wrote to the outbox commits: publish now rather than at the next poll. */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    private void loop() {
        long backoffMillis = 0;
        while (!stopping.get()) {
            try {
                if (wakeUps.tryAcquire(backoffMillis > 0 ? backoffMillis : config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    // Only the rest of the linger since the last round began: after a quiet spell a commit goes out at
                    // once; under load rounds come at most once per linger, each carrying every commit since the last.
                    long wait = lastRoundStart + config.linger().toNanos() - System.nanoTime();
                    if (wait > 0 && !stopping.get()) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    wakeUps.drainPermits();
                }
                if (stopping.get()) {
                    break;
                }
                if (!databaseUp.get() && !databaseAnswersDirectly()) {
                    backoffMillis = config.databaseRetryInterval().toMillis();
                    continue;
                }
                int sent;
                do {
                    sent = publishOneBatch();
                    databaseBack();
                } while (sent == config.batchSize() && !stopping.get());
                brokerBack();
                backoffMillis = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (SQLException e) {
                failures.increment();
                databaseLost(e);
                // Connecting to a database that is away fails at once (refused), so trying often costs nothing and
                // publication resumes within this delay of the database's return (not after a grown backoff).
                backoffMillis = config.databaseRetryInterval().toMillis();
            } catch (Exception e) {
                failures.increment();
                brokerLost(e);
                backoffMillis = Math.min(5000, Math.max(500, backoffMillis * 2));
            }
        }
    }

    /** Logs once per outage (not once per round) and drops the pool's dead connections so the next round reconnects. */
    private void databaseLost(SQLException e) {
        if (databaseUp.compareAndSet(true, false)) {
            databaseDownSince = System.nanoTime();
            databaseLosses.increment();
            // SQLState and class only: enough to tell a refused connection from a lost one, never a row's content.
            LOG.warnf("outbox relay lost its database connection (%s, SQLState %s); retrying every %d ms, rows wait in the outbox",
                    e.getClass().getSimpleName(), e.getSQLState(), config.databaseRetryInterval().toMillis());
        }
        try {
            // A restarted server leaves every pooled connection dead; without this each one fails a round in turn.
            dataSource.flush(AgroalDataSource.FlushMode.INVALID);
        } catch (RuntimeException ignored) {
            // best effort: the next round tries again
        }
    }

    private void databaseBack() {
        if (databaseUp.compareAndSet(false, true)) {
            LOG.infof("outbox relay reconnected to its database after %d ms; publishing resumed",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - databaseDownSince));
        }
    }

    private void brokerLost(Exception e) {
        if (brokerUp.compareAndSet(true, false)) {
            brokerDownSince = System.nanoTime();
            // The exception text is about the broker, never about an event's content.
            LOG.warnf("outbox relay cannot publish, will retry with backoff (rows wait in the outbox): %s", e.toString());
        }
    }

    private void brokerBack() {
        if (brokerUp.compareAndSet(false, true)) {
            LOG.infof("outbox relay publishes again after %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - brokerDownSince));
        }
    }

    /**
     * While the database is away, asks it directly (one connection, one second at most) instead of the pool: a pool
     * call waits up to its acquisition timeout, so the relay would notice the database's return that much later.
     */
    private boolean databaseAnswersDirectly() {
        if (jdbcUrl.isEmpty()) {
            return true;
        }
        Properties props = new Properties();
        username.ifPresent(u -> props.setProperty("user", u));
        password.ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", "1");
        props.setProperty("socketTimeout", "2");
        try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl.get(), props)) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Whether the relay's last round reached its database (also the gauge {@code openly_outbox_database_up}). */
    public boolean databaseUp() {
        return databaseUp.get();
    }

    /** Publishes up to one batch; returns how many events went out. Visible for tests. */
    public int publishOneBatch() throws Exception {
        lastRoundStart = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryLock(c)) {
                    c.rollback();
                    roundsLocked.increment();
                    return 0;
                }
                // Taken out and read in one statement: deleted in this transaction, published, then committed. A
                // broker that fails or times out rolls the transaction back and the rows are there again (at-least-once
                // as before: a crash after the acks and before the commit re-sends the batch). One round trip fewer
                // than a select and a delete by id; the advisory lock above keeps rounds one at a time.
                List<OutboxRow> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        // = any(array(...)): the ids first, once, by the primary key, then the rows by them. "id in (select
                        // ...)" let the planner join the table against the subquery, re-running it per row when the
                        // table's statistics say it is empty (EXPLAIN on PostgreSQL 17) — quadratic under a backlog.
                        "delete from outbox_event where id = any(array(select id from outbox_event order by id limit ?)) "
                                + "returning id, topic, message_key, payload")) {
                    ps.setInt(1, config.batchSize());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)));
                        }
                    }
                }
                if (rows.isEmpty()) {
                    backlog.set(0);
                    c.rollback();
                    roundsEmpty.increment();
                    return 0;
                }
                // RETURNING gives no order: publish in id order, i.e. each person's events in commit order.
                rows.sort(java.util.Comparator.comparingLong(OutboxRow::id));
                List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
                for (OutboxRow row : rows) {
                    acks.add(producer().send(new ProducerRecord<>(row.topic(), row.key(), row.payload())));
                }
                producer().flush();
                long deadline = System.nanoTime() + config.sendTimeout().toNanos();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                c.commit();
                roundsPublished.increment();
                published.increment(rows.size());
                backlog.set(rows.size() == config.batchSize() ? rows.size() : 0);
                return rows.size();
            } catch (Exception e) {
                safeRollback(c);
                throw e;
            }
        }
    }

    private record OutboxRow(long id, String topic, String key, byte[] payload) {
    }

    /** Rows still waiting to be published. */
    public long pending() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from outbox_event");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, RELAY_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void safeRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is closed next anyway
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = new Properties();
                    props.putAll(connectionSecurity(serviceKafkaSettings));
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
                    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
                    // Fail a round quickly while the broker is away; the rows wait in the outbox.
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(config.sendTimeout().toMillis()));
                    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(5005, config.sendTimeout().toMillis())));
                    props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
                    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    /**
     * Only how to connect (security protocol, SASL, TLS): delivery guarantees stay the relay's own, and
     * consumer settings meant for the service's channels stay out of the producer.
     */
    public static java.util.Map<String, Object> connectionSecurity(java.util.Map<String, Object> settings) {
        java.util.Map<String, Object> security = new java.util.TreeMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                security.put(key, value);
            }
        });
        return security;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
        wakeUp();
        Thread w = worker;
        if (w != null) {
            try {
                // Let an in-flight batch finish (acked rows are deleted) before the producer closes.
                w.join(config.sendTimeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @PreDestroy
    void close() {
        stopping.set(true);
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }
}
