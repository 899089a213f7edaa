package app.openly.testsupport;

import app.openly.events.EventJson;
import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * How fast a service's entry-events consumer works through a backlog: publishes {@code events} recorded entries of
 * {@code people} people at once (far faster than any consumer applies them) and times until the consumer counted
 * them all ({@code openly_entry_events_total}), as a consumer catching up after a burst or an outage does. Used by
 * the opt-in {@code EntryEventsDrainBench} classes of the consuming services ({@code bench/consumers.sh}).
 */
public final class ConsumerDrain {

    private static final String METRIC = "openly_entry_events_total";

    public record Result(String label, int events, double seconds, double eventsPerSecond, String loadAverage) {
        public String line() {
            return String.format("%-34s %6d events in %6.2f s = %7.1f events/s   (load average %s)",
                    label, events, seconds, eventsPerSecond, loadAverage);
        }
    }

    private ConsumerDrain() {
    }

    public static Result measure(String label, int events, int people) throws InterruptedException {
        double before = counted();
        List<String> persons = java.util.stream.IntStream.range(0, people).mapToObj(i -> "drain-" + UUID.randomUUID()).toList();
        var courage = new PracticeMetrics(3, true, null, null, null, null, null, null, null, null, null, null);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                String person = persons.get(i % people);
                LocalDate day = LocalDate.parse("2026-11-01").plusDays((i / people) % 28);
                boolean honest = i % 2 == 0;
                var facts = TestEvents.facts(UUID.randomUUID(), 1, honest ? Practice.HONEST_SENTENCE : Practice.BODY_ANCHOR,
                        day.atTime(20, 0), "Europe/Berlin", honest ? courage : null, honest ? List.of("family") : List.of());
                producer.send(new ProducerRecord<>(Topics.JOURNAL_ENTRY_EVENTS, person,
                        EventJson.encode(TestEvents.recorded(person, "bench-org", facts))));
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (counted() < before + events) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(label + ": not drained within 10 minutes");
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(label, events, seconds, events / seconds, loadAverage());
    }

    /** Appends the result to {@code file} (one line a run) and prints it. */
    public static void report(Result result, Path file) throws IOException {
        System.out.println(result.line());
        Files.createDirectories(file.getParent());
        Files.writeString(file, result.line() + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static double counted() {
        return TestMetrics.value(METRIC, "outcome", "applied") + TestMetrics.value(METRIC, "outcome", "duplicate");
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
