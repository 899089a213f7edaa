package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Lists and replays a dead-letter topic with plain Kafka clients (no Quarkus: {@code ./openly dlq} runs it from
 * the launcher). Replay republishes each record, key, value and headers unchanged, to the topic it came from
 * (header {@code dead-letter-topic}, else the name without {@code .dlq}) plus a header
 * {@code openly-replayed-from}; consumers are idempotent by event id, so a record replayed twice applies once.
 * What was replayed is recorded as the committed offsets of the consumer group {@value #REPLAY_GROUP} on the
 * dead-letter topic: a second replay sends only records dead-lettered since (unless asked to send all again).
 */
public final class DeadLetters {

    public static final String REPLAY_GROUP = "openly-dlq-replay";
    public static final String REPLAYED_FROM_HEADER = "openly-replayed-from";

    /** One dead-lettered record, described without its content (event id and type only, when it decodes). */
    public record Entry(int partition, long offset, Instant timestamp, String sourceTopic, String eventId, String type,
                        String reason, boolean replayed) {
    }

    public record Replay(String deadLetterTopic, List<String> replayed) {
    }

    private DeadLetters() {
    }

    /** Accepts a topic or its dead-letter topic: {@code journal.entry-events} and {@code journal.entry-events.dlq} are the same here. */
    public static String deadLetterTopicOf(String topic) {
        return topic.endsWith(Topics.DLQ_SUFFIX) ? topic : Topics.dlq(topic);
    }

    public static List<Entry> list(String bootstrap, String topic) {
        String dlq = deadLetterTopicOf(topic);
        List<Entry> entries = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            Map<TopicPartition, Long> replayedUpTo = committed(consumer, dlq);
            for (ConsumerRecord<String, byte[]> r : readAll(consumer, dlq)) {
                entries.add(describe(r, dlq, r.offset() < replayedUpTo.getOrDefault(new TopicPartition(dlq, r.partition()), 0L)));
            }
        }
        return entries;
    }

    /** Republishes the records not replayed before ({@code again}: every record) and records them as replayed. */
    public static Replay replay(String bootstrap, String topic, boolean again) throws Exception {
        String dlq = deadLetterTopicOf(topic);
        List<String> replayed = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap);
             KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            Map<TopicPartition, Long> replayedUpTo = committed(consumer, dlq);
            List<ConsumerRecord<String, byte[]>> all = readAll(consumer, dlq);
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            List<Future<?>> acks = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : all) {
                TopicPartition tp = new TopicPartition(dlq, r.partition());
                done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                if (!again && r.offset() < replayedUpTo.getOrDefault(tp, 0L)) {
                    continue;
                }
                Entry e = describe(r, dlq, false);
                ProducerRecord<String, byte[]> out = new ProducerRecord<>(e.sourceTopic(), r.key(), r.value());
                for (Header h : r.headers()) {
                    out.headers().add(h);
                }
                out.headers().add(REPLAYED_FROM_HEADER, (dlq + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(out));
                replayed.add(dlq + "-" + r.partition() + "@" + r.offset() + " -> " + e.sourceTopic()
                        + (e.eventId() == null ? "" : " event " + e.eventId()));
            }
            producer.flush();
            for (Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
            // Only after every republished record is acknowledged: a failed replay is replayed again next time.
            if (!done.isEmpty()) {
                consumer.commitSync(done);
            }
        }
        return new Replay(dlq, replayed);
    }

    private static Entry describe(ConsumerRecord<String, byte[]> r, String dlq, boolean replayed) {
        String source = header(r, "dead-letter-topic");
        if (source == null || source.isBlank()) {
            source = dlq.substring(0, dlq.length() - Topics.DLQ_SUFFIX.length());
        }
        String eventId = null;
        String type = null;
        try {
            EventEnvelope event = EventJson.decode(r.value());
            eventId = String.valueOf(event.eventId());
            type = event.type();
        } catch (RuntimeException undecodable) {
            // poison: shown by its reason only
        }
        return new Entry(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), source, eventId, type,
                header(r, "dead-letter-reason"), replayed);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<TopicPartition, Long> committed(KafkaConsumer<?, ?> consumer, String dlq) {
        Map<TopicPartition, Long> result = new HashMap<>();
        consumer.committed(new java.util.HashSet<>(partitions(consumer, dlq)), Duration.ofSeconds(30))
                .forEach((tp, om) -> {
                    if (om != null) {
                        result.put(tp, om.offset());
                    }
                });
        return result;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("no topic " + topic);
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    records.add(r);
                }
            }
        }
        records.sort(Comparator.comparingLong((ConsumerRecord<String, byte[]> r) -> r.timestamp())
                .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, REPLAY_GROUP);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "openly-dlq-replay");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
