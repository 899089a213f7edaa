package app.openly.insights;

import app.openly.events.EventJson;
import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.events.Topics;
import app.openly.testsupport.EntryEventsDrainBenchBase;
import app.openly.testsupport.ProcessCpu;
import app.openly.testsupport.SharedInfrastructure;
import app.openly.testsupport.TestEvents;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Opt-in ({@code -Dbench=true -Dtest='EntryEventsPaced*Bench'}): the entry-events consumer fed at a fixed rate (as the
 * outbox relay feeds it below full load, one small produce request after another) instead of a backlog at once, as
 * configured; {@link EntryEventsPacedKafkaDefaultsBench} runs the same with Kafka's default fetch settings. Prints
 * CPU-ms per event (this JVM's thread groups, the embedded PostgreSQL), events per commit in the service's database
 * (≈ events per batch) and the delay from the send to the consumer's count reaching that event (the n-th event sent is
 * taken as applied when n events are counted: a FIFO approximation). Appends to target/bench-entry-events.txt.
 */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class EntryEventsPacedBench {

    static final int RATE = Integer.getInteger("bench.rate", 150);
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);

    @Inject
    MeterRegistry registry;
    @Inject
    AgroalDataSource dataSource;

    String label() {
        return "insights-service paced, as configured";
    }

    @Test
    void paced() throws Exception {
        publish(600, 0); // warm-up at once
        waitFor(600);
        long postmaster = ProcessCpu.postmasterPid(dataSource);
        int events = RATE * SECONDS;
        long[] sent = new long[events];
        long[] counted = new long[events];
        Map<String, Long> threads0 = DrainCpu.threadNanos();
        long pg0 = ProcessCpu.postgresTicks(postmaster);
        long commits0 = commits();
        Thread watcher = new Thread(() -> {
            int seen = 0;
            while (seen < events) {
                int now = (int) (count() - 600);
                long t = System.nanoTime();
                while (seen < Math.min(now, events)) {
                    counted[seen++] = t;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-paced-watch");
        watcher.start();
        publishPaced(sent);
        watcher.join(120_000);
        long end = System.nanoTime();
        Map<String, Long> threads1 = DrainCpu.threadNanos();
        long pg1 = ProcessCpu.postgresTicks(postmaster);
        Thread.sleep(1500); // PostgreSQL publishes its counters within a second
        long commits = commits() - commits0;
        long[] lag = new long[events];
        for (int i = 0; i < events; i++) {
            lag[i] = (counted[i] - sent[i]) / 1_000_000;
        }
        Arrays.sort(lag);
        StringBuilder line = new StringBuilder(String.format(
                "%s: %d events at %d/s; delay send->counted p50 %d ms p99 %d ms; caught up %.2f s after the last send; "
                        + "%.2f events per commit (load average %s)%n  CPU-ms per event: PostgreSQL %.3f",
                label(), events, RATE, lag[events / 2], lag[events * 99 / 100], (end - sent[events - 1]) / 1e9,
                events / (double) Math.max(1, commits), Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim(),
                ProcessCpu.millis(pg1 - pg0) / events));
        Map<String, Long> delta = new TreeMap<>();
        threads1.forEach((group, nanos) -> delta.put(group, nanos - threads0.getOrDefault(group, 0L)));
        delta.forEach((group, nanos) -> line.append(String.format(", %s %.3f", group, nanos / 1e6 / events)));
        System.out.println(line);
        Files.writeString(EntryEventsDrainBenchBase.REPORT, line + System.lineSeparator(), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private long commits() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select xact_commit from pg_stat_database where datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private double count() {
        return Search.in(registry).name("openly.entry.events").counters().stream()
                .filter(c -> !"retried".equals(c.getId().getTag("outcome")) && !"dead-lettered".equals(c.getId().getTag("outcome")))
                .mapToDouble(c -> c.count()).sum();
    }

    private void waitFor(double n) throws InterruptedException {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (count() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static final List<String> PEOPLE = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "paced-" + UUID.randomUUID()).toList();

    private static ProducerRecord<String, byte[]> record(int i) {
        var courage = new PracticeMetrics(3, true, null, null, null, null, null, null, null, null, null, null);
        String person = PEOPLE.get(i % PEOPLE.size());
        LocalDate day = LocalDate.parse("2026-11-01").plusDays((i / PEOPLE.size()) % 28);
        boolean honest = i % 2 == 0;
        var facts = TestEvents.facts(UUID.randomUUID(), 1, honest ? Practice.HONEST_SENTENCE : Practice.BODY_ANCHOR,
                day.atTime(20, 0), "Europe/Berlin", honest ? courage : null, honest ? List.of("family") : List.of());
        return new ProducerRecord<>(Topics.JOURNAL_ENTRY_EVENTS, person, EventJson.encode(TestEvents.recorded(person, "bench-org", facts)));
    }

    private static void publish(int n, int offset) {
        try (var producer = producer()) {
            for (int i = 0; i < n; i++) {
                producer.send(record(offset + i));
            }
            producer.flush();
        }
    }

    /** Event i is sent at start + i / RATE (a late send is sent at once and timed from when it went). */
    private static void publishPaced(long[] sent) throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(sent.length);
        for (int i = 0; i < sent.length; i++) {
            records.add(record(100_000 + i));
        }
        try (var producer = producer()) {
            long start = System.nanoTime();
            for (int i = 0; i < sent.length; i++) {
                long due = start + i * 1_000_000_000L / RATE;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                sent[i] = Math.max(due, System.nanoTime());
                producer.send(records.get(i));
            }
            producer.flush();
        }
    }
}
