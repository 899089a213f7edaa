package app.openly.testsupport;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

/** Plain Kafka clients for tests: publish raw records and read what the services published. */
public final class TestKafka {

    private TestKafka() {
    }

    public static void publish(String topic, String key, byte[] value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    public static void publish(String topic, EventEnvelope event) {
        publish(topic, event.userId(), EventJson.encode(event));
    }

    /**
     * Reads {@code topic} from the beginning until a record matching {@code until} arrives or the
     * timeout passes; returns every record read (so tests can also assert what is absent).
     */
    public static List<ConsumerRecord<String, byte[]>> readFromBeginning(String topic, Predicate<ConsumerRecord<String, byte[]>> until, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record);
                    if (until.test(record)) {
                        return seen;
                    }
                }
            }
        }
        return seen;
    }

    /**
     * Every record on {@code topic}, read from the beginning to the end offsets of its partitions as they
     * were when called: nothing published before the call is missed, so a duplicate cannot hide after a match.
     */
    public static List<ConsumerRecord<String, byte[]>> readToEnd(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }

    /** Every event on {@code topic} for {@code userId}, to the end of the topic as it is now. */
    public static List<EventEnvelope> allEventsOf(String topic, String userId) {
        return readToEnd(topic).stream().filter(r -> userId.equals(r.key())).map(r -> EventJson.decode(r.value())).toList();
    }

    /**
     * Every event the service published on {@code topic} for {@code userId}, exactly: waits (Awaitility, up to
     * {@code timeout}) until the service's outbox holds no row of the person — the relay deletes a row only after
     * the broker acknowledged it, so everything written so far is then on the log, duplicates included — and
     * reads the topic to its end. Counts taken on this list are exact; nothing can arrive after a "first match".
     */
    public static List<EventEnvelope> publishedEventsOf(String topic, String userId, javax.sql.DataSource service, Duration timeout) {
        org.awaitility.Awaitility.await("the outbox rows of " + userId + " are published").atMost(timeout)
                .pollInterval(Duration.ofMillis(100)).until(() -> pendingOutboxRows(service, userId) == 0);
        return allEventsOf(topic, userId);
    }

    /** How many events of {@code userId} wait in the service's outbox. */
    public static long pendingOutboxRows(javax.sql.DataSource service, String userId) throws java.sql.SQLException {
        try (var c = service.getConnection();
             var ps = c.prepareStatement("select count(*) from outbox_event where message_key = ?")) {
            ps.setString(1, userId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every event on {@code topic} for {@code userId}, read until {@code until} holds for one of them. */
    public static List<EventEnvelope> eventsOf(String topic, String userId, Predicate<EventEnvelope> until, Duration timeout) {
        return readFromBeginning(topic, r -> userId.equals(r.key()) && until.test(EventJson.decode(r.value())), timeout)
                .stream().filter(r -> userId.equals(r.key())).map(r -> EventJson.decode(r.value())).toList();
    }
}
