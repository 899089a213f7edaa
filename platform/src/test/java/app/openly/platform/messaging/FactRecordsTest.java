package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.InvalidEventException;
import app.openly.events.LanguageChosen;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import jakarta.validation.ValidationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@link FactRecords} settles a record: through the connector's own record type, whose acknowledgement and
 * dead-lettering go to a commit handler and a failure handler (here ones that count, in place of the Kafka consumer's
 * offset commit and the dead-letter producer).
 */
class FactRecordsTest {

    private static final Logger LOG = Logger.getLogger(FactRecordsTest.class);

    /** What happened to one record: acknowledged, dead-lettered (with the failure), or neither. */
    private static final class Settlement implements KafkaCommitHandler, KafkaFailureHandler {
        final AtomicInteger acks = new AtomicInteger();
        final List<Throwable> nacks = new CopyOnWriteArrayList<>();

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
            acks.incrementAndGet();
            return Uni.createFrom().voidItem();
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            nacks.add(reason);
            return Uni.createFrom().voidItem();
        }
    }

    private final Settlement settlement = new Settlement();
    private final List<String> deadLetterReasons = new CopyOnWriteArrayList<>();
    private volatile boolean databaseAnswers = true;
    private final FactRecords facts = new FactRecords();

    FactRecordsTest() {
        facts.retry = FastRetries.of(1, 4, 3);
        facts.database = new DatabaseProbe() {
            @Override
            public boolean answers() {
                return databaseAnswers;
            }
        };
    }

    private static final EventEnvelope EVENT = EventEnvelope.of(UUID.randomUUID(), Instant.parse("2026-12-01T08:00:00Z"), "p-1",
            null, new LanguageChosen("de"));

    private IncomingKafkaRecord<String, byte[]> record(String key, byte[] value) {
        return new IncomingKafkaRecord<>(new ConsumerRecord<>("reminders.due", 0, 7L, key, value), "reminder-facts", 0,
                settlement, settlement, false, false);
    }

    private CompletionStage<Void> consume(IncomingKafkaRecord<String, byte[]> record, Runnable work) {
        return facts.consume(record, "test work", event -> work.run(), LOG, deadLetterReasons::add);
    }

    private static SQLTransientConnectionException databaseAway() {
        return new SQLTransientConnectionException("connection refused", "08001");
    }

    @Test
    void aRecordThatIsNotAnEventIsDeadLetteredAtOnceAndItsWorkNeverRuns() {
        AtomicInteger runs = new AtomicInteger();
        CompletionStage<Void> done = consume(record("p-1", "not an event".getBytes(StandardCharsets.UTF_8)), runs::incrementAndGet);

        assertTrue(done.toCompletableFuture().isDone());
        assertEquals(0, runs.get());
        assertEquals(0, settlement.acks.get());
        assertEquals(1, settlement.nacks.size());
        assertEquals(List.of(FactRecords.INVALID), deadLetterReasons);
    }

    @Test
    void aRecordKeyedByAnotherPersonIsDeadLettered() {
        consume(record("p-2", EventJson.encode(EVENT)), () -> {
        });
        assertEquals(1, settlement.nacks.size());
        assertTrue(settlement.nacks.get(0) instanceof InvalidEventException, String.valueOf(settlement.nacks));
        assertEquals(List.of(FactRecords.INVALID), deadLetterReasons);
    }

    @Test
    void aRecordWhoseWorkIsDoneIsAcknowledgedOnce() {
        List<EventEnvelope> seen = new ArrayList<>();
        CompletionStage<Void> done = facts.consume(record("p-1", EventJson.encode(EVENT)), "test work", seen::add, LOG,
                deadLetterReasons::add);

        assertTrue(done.toCompletableFuture().isDone());
        assertEquals(List.of(EVENT.eventId()), seen.stream().map(EventEnvelope::eventId).toList());
        assertEquals(1, settlement.acks.get());
        assertEquals(List.of(), settlement.nacks);
        assertEquals(List.of(), deadLetterReasons);
    }

    @Test
    void theDatabaseAwayIsWaitedOutHoweverManyAttemptsItTakesAndNothingIsDeadLettered() {
        // The old FactRecords gave a record up after 6 attempts (~15 s of backoff): a longer outage dead-lettered facts.
        databaseAnswers = false;
        AtomicInteger runs = new AtomicInteger();
        CompletionStage<Void> done = consume(record("p-1", EventJson.encode(EVENT)), () -> {
            if (runs.incrementAndGet() < 40) {
                throw new IllegalStateException("wrapped", databaseAway());
            }
        });

        assertTrue(done.toCompletableFuture().isDone());
        assertEquals(40, runs.get());
        assertEquals(1, settlement.acks.get());
        assertEquals(List.of(), settlement.nacks);
        assertEquals(List.of(), deadLetterReasons);
    }

    @Test
    void anUnexplainedFailureWhileTheDatabaseIsAwayIsWaitedOutToo() {
        databaseAnswers = false;
        AtomicInteger runs = new AtomicInteger();
        consume(record("p-1", EventJson.encode(EVENT)), () -> {
            if (runs.incrementAndGet() < 10) {
                throw new IllegalStateException("something odd");
            }
        });
        assertEquals(10, runs.get());
        assertEquals(1, settlement.acks.get());
        assertEquals(List.of(), deadLetterReasons);
    }

    @Test
    void anUnexplainedFailureWhileTheDatabaseAnswersIsDeadLetteredAfterAFewAttempts() {
        AtomicInteger runs = new AtomicInteger();
        CompletionStage<Void> done = consume(record("p-1", EventJson.encode(EVENT)), () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("a bug for this one record");
        });

        assertTrue(done.toCompletableFuture().isDone());
        assertEquals(3, runs.get(), "openly.consumers.retry.unexpected-attempts");
        assertEquals(0, settlement.acks.get());
        assertEquals(1, settlement.nacks.size());
        assertEquals("a bug for this one record", settlement.nacks.get(0).getMessage());
        assertEquals(List.of(FactRecords.FAILING), deadLetterReasons);
    }

    @Test
    void aFullPoolWhileTheDatabaseAnswersIsWaitedOutNotDeadLettered() {
        // Agroal's own words when every connection of a full pool stays busy past the acquisition timeout
        // (agroal-pool 3.0.1 ConnectionPool.waitAvailableHandler; seen in journal's log when clients that had waited out a
        // restart all came back at once). No SQLState; the database itself answers. Taken for an unexplained failure,
        // the record was dead-lettered after a few attempts although it only had to wait for a connection.
        AtomicInteger runs = new AtomicInteger();
        CompletionStage<Void> done = consume(record("p-1", EventJson.encode(EVENT)), () -> {
            if (runs.incrementAndGet() <= 6) {
                throw new IllegalStateException("wrapped", new java.sql.SQLException("Sorry, acquisition timeout!"));
            }
        });
        assertTrue(done.toCompletableFuture().isDone());
        assertEquals(7, runs.get());
        assertEquals(1, settlement.acks.get());
        assertEquals(List.of(), settlement.nacks);
        assertEquals(List.of(), deadLetterReasons);
    }

    @Test
    void workThatRefusesTheEventAsInvalidDeadLettersItAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        consume(record("p-1", EventJson.encode(EVENT)), () -> {
            runs.incrementAndGet();
            throw new ValidationException("locale: not a language tag");
        });
        assertEquals(1, runs.get());
        assertEquals(1, settlement.nacks.size());
        assertEquals(List.of(FactRecords.INVALID), deadLetterReasons);
    }

    @Test
    void aRecordStillWaitingWhenTheServiceStopsIsNeitherAcknowledgedNorDeadLettered() throws Exception {
        // As seen in CI: the record is taken as the stop begins; its work fails (Arc and the pool are going away), and
        // must not be "dead-lettered" through a closed channel, nor acknowledged: it has to come again after the restart.
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<CompletionStage<Void>> returned = CompletableFuture.supplyAsync(() ->
                consume(record("p-1", EventJson.encode(EVENT)), () -> {
                    runs.incrementAndGet();
                    throw new IllegalStateException("wrapped", databaseAway());
                }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runs.get() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(runs.get() >= 5, "retrying while the database is away");
        assertFalse(returned.isDone(), "still waiting for the database");

        facts.onStop(null);
        CompletionStage<Void> done = returned.get(5, TimeUnit.SECONDS); // the worker thread is given back promptly
        int runsAtStop = runs.get();
        Thread.sleep(50);

        assertFalse(done.toCompletableFuture().isDone(), "never completes: the offset stays uncommitted");
        assertEquals(0, settlement.acks.get());
        assertEquals(List.of(), settlement.nacks);
        assertEquals(List.of(), deadLetterReasons);
        assertEquals(runsAtStop, runs.get(), "no attempt after the stop");
    }

    @Test
    void aFailureCausedByTheStopItselfIsNotCountedAgainstTheRecord() {
        // The container refusing a call once shutdown began is an unexplained failure while the database answers:
        // without the stop check it would be dead-lettered after a few attempts.
        // Two such failures before the stop, the third (the last before dead-lettering) as it begins.
        AtomicInteger runs = new AtomicInteger();
        CompletionStage<Void> done = consume(record("p-1", EventJson.encode(EVENT)), () -> {
            if (runs.incrementAndGet() == 3) {
                facts.onStop(null);
                throw new IllegalStateException("container is shutting down");
            }
            throw new IllegalStateException("something odd");
        });
        assertEquals(3, runs.get());
        assertFalse(done.toCompletableFuture().isDone());
        assertEquals(0, settlement.acks.get());
        assertEquals(List.of(), settlement.nacks);
        assertEquals(List.of(), deadLetterReasons);
    }

    @Test
    void aRecordTakenAfterTheStopBeganGetsOneAttemptAndIsAcknowledgedWhenItWorks() {
        // SmallRye's graceful close waits for records handed over as the stop begins (5 s, then a WARN): the container
        // and the pool still live then, so the record is done and committed instead of waited for and redelivered.
        facts.onStop(null);
        AtomicInteger runs = new AtomicInteger();
        CompletionStage<Void> done = consume(record("p-1", EventJson.encode(EVENT)), runs::incrementAndGet);
        assertEquals(1, runs.get());
        assertTrue(done.toCompletableFuture().isDone());
        assertEquals(1, settlement.acks.get());
        assertEquals(List.of(), settlement.nacks);
    }

    @Test
    void aRecordTakenAfterTheStopBeganIsNotRetriedWhenItsOneAttemptFails() {
        facts.onStop(null);
        AtomicInteger runs = new AtomicInteger();
        CompletionStage<Void> done = consume(record("p-1", EventJson.encode(EVENT)), () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("wrapped", databaseAway());
        });
        assertEquals(1, runs.get());
        assertFalse(done.toCompletableFuture().isDone());
        assertEquals(0, settlement.acks.get());
        assertEquals(List.of(), settlement.nacks);
        assertEquals(List.of(), deadLetterReasons);
    }
}
