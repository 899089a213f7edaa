package app.openly.platform.messaging;

import app.openly.events.EventJson;
import app.openly.events.Practice;
import app.openly.testsupport.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import java.sql.SQLTransientConnectionException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch handed to the entry-events consumer once the stop has begun: SmallRye's graceful close waits for it (5 s,
 * then "SRMSG18245 ... unprocessed messages"), while the container and the pool still live. It gets one attempt
 * (done: the batch is acknowledged and committed) and no retry (failed: left uncommitted, never dead-lettered).
 */
class EntryEventsConsumerStopTest {

    private final AtomicInteger attemptsMade = new AtomicInteger();
    private volatile boolean fail;
    private final AtomicInteger nacks = new AtomicInteger();
    private final EntryEventsConsumer consumer = new EntryEventsConsumer();

    EntryEventsConsumerStopTest() {
        consumer.attempts = new EntryEventsConsumer.Attempts() {
            @Override
            public int applyAll(List<app.openly.events.EventEnvelope> events) {
                attemptsMade.incrementAndGet();
                if (fail) {
                    throw new IllegalStateException("wrapped", new SQLTransientConnectionException("refused", "08001"));
                }
                return events.size();
            }
        };
        consumer.registry = new SimpleMeterRegistry();
        consumer.state = new ConsumerState();
        consumer.retry = FastRetries.of(1, 2, 3);
        consumer.database = new DatabaseProbe() {
            @Override
            public boolean answers() {
                return false;
            }
        };
        consumer.counters();
    }

    private List<KafkaRecord<String, byte[]>> batch() {
        var event = TestEvents.recorded("stop-test", Practice.BODY_ANCHOR, LocalDateTime.of(2026, 12, 1, 21, 0), "Europe/Berlin");
        KafkaFailureHandler countNacks = new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                nacks.incrementAndGet();
                return Uni.createFrom().voidItem();
            }
        };
        KafkaCommitHandler noCommit = new KafkaCommitHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
                return Uni.createFrom().voidItem();
            }
        };
        return List.of(new IncomingKafkaRecord<>(new ConsumerRecord<>("journal.entry-events", 0, 3L, event.userId(),
                EventJson.encode(event)), "entry-events", 0, noCommit, countNacks, false, false));
    }

    @Test
    void aBatchHandedOverAfterTheStopBeganIsAppliedOnce() throws Exception {
        consumer.onStop(null);
        assertTrue(consumer.handle(batch()), "done: the batch is acknowledged and its offsets committed");
        assertEquals(1, attemptsMade.get());
    }

    @Test
    void aBatchWhoseOneAttemptAfterTheStopFailsIsLeftUncommittedWithoutRetryOrDeadLetter() throws Exception {
        consumer.onStop(null);
        fail = true;
        assertFalse(consumer.handle(batch()), "not done: left uncommitted, it comes again");
        assertEquals(1, attemptsMade.get());
        assertEquals(0, nacks.get());
    }

    @Test
    void beforeTheStopATransientFailureIsRetried() throws Exception {
        fail = true;
        Thread stopper = new Thread(() -> {
            while (attemptsMade.get() < 5) {
                Thread.onSpinWait();
            }
            consumer.onStop(null);
        });
        stopper.start();
        assertFalse(consumer.handle(batch()));
        stopper.join();
        assertTrue(attemptsMade.get() >= 5, "retried until the stop: " + attemptsMade.get());
        assertEquals(0, nacks.get());
    }
}
