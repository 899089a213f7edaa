package app.openly.reminder.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.ReminderDue;
import app.openly.events.Topics;
import app.openly.reminder.domain.delivery.Channel;
import app.openly.reminder.domain.delivery.DeliveryMetrics;
import app.openly.reminder.domain.delivery.NotificationKind;
import app.openly.reminder.domain.delivery.NotificationRouting;
import app.openly.reminder.domain.delivery.ReminderDelivery;
import app.openly.reminder.domain.delivery.StreamHub;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Every replica reads every {@code reminders.due} event for the streams open on it: a plain consumer that is
 * assigned all partitions (no consumer group, nothing committed) and starts at the end. Streams are live: an
 * event from before a page opened is not replayed (the page asks {@code /reminders/next} when it opens).
 */
@ApplicationScoped
public class ReminderDueStreamFeed {

    private static final Logger LOG = Logger.getLogger(ReminderDueStreamFeed.class);

    @Inject
    StreamHub hub;
    @Inject
    NotificationRouting routing;
    @Inject
    ReminderDelivery delivery;
    @Inject
    DeliveryMetrics metrics;
    @Inject
    Clock clock;
    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;
    /** The service's Kafka settings as Quarkus collects them: the feed connects with the same TLS/SASL as every channel. */
    @Inject
    @io.smallrye.common.annotation.Identifier("default-kafka-broker")
    java.util.Map<String, Object> serviceKafkaSettings;
    @ConfigProperty(name = "openly.notifications.stream.enabled", defaultValue = "true")
    boolean enabled;

    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent ignored) {
        if (!enabled) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "reminders-due-stream-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = newConsumer()) {
                consumer = c;
                List<TopicPartition> partitions = c.partitionsFor(Topics.REMINDERS_DUE, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                c.assign(partitions);
                c.seekToEnd(partitions);
                partitions.forEach(c::position); // fix the start now: what falls due from here on is streamed
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                        if (r.key() != null && hub.hasListeners(r.key())) {
                            forward(r);
                        }
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("stream feed of reminders.due interrupted, reconnecting: %s", e.getClass().getSimpleName());
                sleepQuietly();
            }
        }
    }

    private void forward(ConsumerRecord<String, byte[]> r) {
        EventEnvelope event;
        try {
            event = EventJson.decode(r.value());
        } catch (RuntimeException e) {
            return; // the delivery consumer dead-letters it; the stream simply skips it
        }
        if (event.payload() instanceof ReminderDue due && routing.allows(event.userId(), NotificationKind.REMINDERS, Channel.STREAM)) {
            int streams = hub.publish(event.userId(), delivery.payload("reminder", ReminderDelivery.safeMessage(due), due.reminderId()));
            for (int i = 0; i < streams; i++) {
                metrics.sent(Channel.STREAM.name(), Duration.between(due.dueAt(), clock.instant()));
            }
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Properties p = new Properties();
        // In a cluster the only listener is TLS + SCRAM: connect as the service's channels do (same as the outbox relay).
        p.putAll(app.openly.platform.outbox.OutboxRelay.connectionSecurity(serviceKafkaSettings));
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "reminder-service-stream-feed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
