package app.openly.platform.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundsBeforeShutdownTest {

    @Test
    void shutdownWaitsForTheRunningRoundAndNoRoundStartsAfterIt() throws Exception {
        RoundsBeforeShutdown rounds = new RoundsBeforeShutdown();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> round = CompletableFuture.runAsync(() -> rounds.run(() -> {
            started.countDown();
            await(release);
        }));
        assertTrue(started.await(5, TimeUnit.SECONDS));

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> rounds.stopUntilRoundsEnd(Duration.ofSeconds(10)));
        Thread.sleep(300);
        assertFalse(shutdown.isDone(), "shutdown goes on only once the running round has ended");
        release.countDown();
        shutdown.get(5, TimeUnit.SECONDS);
        round.get(5, TimeUnit.SECONDS);

        AtomicInteger later = new AtomicInteger();
        rounds.run(later::incrementAndGet);
        assertEquals(0, later.get(), "no round once shutdown has begun");
    }

    @Test
    void roundsRunWhileNoShutdownHasBegunAndShutdownWaitsAtMostItsBound() throws Exception {
        RoundsBeforeShutdown rounds = new RoundsBeforeShutdown();
        AtomicInteger ran = new AtomicInteger();
        rounds.run(ran::incrementAndGet);
        rounds.run(ran::incrementAndGet);
        assertEquals(2, ran.get());

        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> rounds.run(() -> {
            started.countDown();
            await(never);
        }));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        long start = System.nanoTime();
        rounds.stopUntilRoundsEnd(Duration.ofMillis(300));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 250 && waitedMs < 5_000, "waited " + waitedMs + " ms");
        never.countDown();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
