package app.openly.e2e;

import app.openly.events.Topics;
import app.openly.testsupport.SharedInfrastructure;
import app.openly.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Reading the shared broker's log and its consumer groups' committed offsets, as the services' consumers see them. */
public final class KafkaLog {

    /** The consumer groups of {@code journal.entry-events} (one per consuming service). */
    public static final String REMINDER_GROUP = "reminder-service";
    public static final String INSIGHTS_GROUP = "insights-service";

    private KafkaLog() {
    }

    /** Every record of {@code person} on journal's topic, with partition and offset, read to the end of the log as it is now. */
    public static List<ConsumerRecord<String, byte[]>> journalRecordsOf(Person person) {
        return TestKafka.readToEnd(Topics.JOURNAL_ENTRY_EVENTS).stream().filter(r -> person.id().equals(r.key())).toList();
    }

    /**
     * The offset {@code group} has committed on the record's partition (the next record it will read after a restart),
     * or -1 when it has committed nothing there.
     */
    public static long committedOffset(String group, String topic, int partition) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            OffsetAndMetadata o = offsets.get(new TopicPartition(topic, partition));
            return o == null ? -1 : o.offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the committed offsets of " + group, e);
        }
    }

    /** Whether {@code group} has committed past {@code record} (consumed it, and would not read it again). */
    public static boolean committedPast(String group, ConsumerRecord<?, ?> record) {
        return committedOffset(group, record.topic(), record.partition()) > record.offset();
    }

    /** Publishes raw bytes as the relay would (same key, so the same partition as the person's other events); returns its place. */
    public static org.apache.kafka.clients.producer.RecordMetadata publish(String topic, String key, byte[] value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }
}
