package app.openly.localstack;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of ./openly bench: intended send times, percentiles, end-to-end bookkeeping, the ceiling ratio. */
class OpenLoopBookkeepingTest {

    private static final long MS = 1_000_000L;

    @Test
    void requestsAreDueAtAFixedRateFromTheStartWhateverTheAnswers() {
        ArrivalSchedule schedule = new ArrivalSchedule(250, Duration.ofSeconds(60));
        assertEquals(15_000, schedule.count());
        assertEquals(0, schedule.offsetNanos(0));
        assertEquals(4 * MS, schedule.offsetNanos(1));
        assertEquals(40_000 * MS, schedule.offsetNanos(10_000), "request 10,000 is due at 40 s, not after the 9,999 answers before it");
        assertEquals(59_996 * MS, schedule.offsetNanos(14_999));
        assertThrows(IndexOutOfBoundsException.class, () -> schedule.offsetNanos(15_000));
    }

    @Test
    void aRateThatDoesNotDivideASecondStillSpacesEvenlyWithoutDrift() {
        ArrivalSchedule schedule = new ArrivalSchedule(3, Duration.ofSeconds(2));
        assertEquals(6, schedule.count());
        assertEquals(333_333_333L, schedule.offsetNanos(1));
        assertEquals(1_666_666_667L, schedule.offsetNanos(5));
        assertEquals(new ArrivalSchedule(0.5, Duration.ofSeconds(3)).count(), 2, "due at 0 s and 2 s");
        assertThrows(IllegalArgumentException.class, () -> new ArrivalSchedule(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new ArrivalSchedule(10, Duration.ZERO));
    }

    @Test
    void percentilesComeFromEveryRecordedLatencyAndMissingOnesAreCountedApart() {
        LatencyHistogram h = new LatencyHistogram();
        assertTrue(Double.isNaN(h.percentileMillis(50)));
        for (int ms = 1; ms <= 100; ms++) {
            h.recordMicros(ms * 1000L);
        }
        h.recordMissing();
        assertEquals(100, h.count());
        assertEquals(1, h.missing());
        assertEquals(50.0, h.percentileMillis(50), 0.05);
        assertEquals(99.0, h.percentileMillis(99), 0.1);
        assertEquals(100.0, h.maxMillis(), 0.1);
        assertTrue(h.summary().contains("1 not measured"), h.summary());
    }

    @Test
    void aStallIsChargedToEveryRequestThatWasDueDuringIt() {
        // 10 requests due every 10 ms; the server stalls 1 s on the first and answers the rest at once afterwards.
        ArrivalSchedule schedule = new ArrivalSchedule(100, Duration.ofMillis(100));
        LatencyHistogram fromIntended = new LatencyHistogram();
        long stallEnds = 1000 * MS;
        for (long i = 0; i < schedule.count(); i++) {
            fromIntended.recordNanos(stallEnds - schedule.offsetNanos(i));
        }
        assertEquals(10, fromIntended.count());
        assertEquals(950.0, fromIntended.percentileMillis(50), 1.0, "half the requests waited at least 950 ms, though the server answered them at once");
        assertEquals(1000.0, fromIntended.percentileMillis(99), 1.0);
    }

    @Test
    void eachAcknowledgedEntryIsVisibleWhenThePersonsCounterReachesIt() {
        VisibilityLedger ledger = new VisibilityLedger();
        ledger.acknowledged("a", 100 * MS);
        ledger.acknowledged("a", 150 * MS);
        ledger.acknowledged("b", 120 * MS);
        ledger.seen("a", 1, 300 * MS); // a's first entry: 200 ms after its 201
        ledger.seen("b", 0, 300 * MS);
        assertEquals(2, ledger.pending());
        ledger.seen("a", 2, 400 * MS); // a's second: 250 ms
        ledger.seen("b", 1, 520 * MS); // b's: 400 ms
        assertEquals(0, ledger.pending());
        LatencyHistogram lag = ledger.close();
        assertEquals(3, lag.count());
        assertEquals(0, lag.missing());
        assertEquals(250.0, lag.percentileMillis(50), 0.5);
        assertEquals(400.0, lag.maxMillis(), 0.5);
    }

    @Test
    void anEntrySeenBeforeItsAnswerArrivedHasNoLagAndUnseenOnesAreReportedMissing() {
        VisibilityLedger ledger = new VisibilityLedger();
        ledger.seen("a", 1, 100 * MS);
        ledger.acknowledged("a", 130 * MS);
        ledger.acknowledged("a", 140 * MS);
        LatencyHistogram lag = ledger.close();
        assertEquals(1, lag.count());
        assertEquals(0.0, lag.maxMillis(), 0.001);
        assertEquals(1, lag.missing());
    }

    @Test
    void aLatePhaseEntryCountsForItsOwnPhaseNotTheNext() {
        VisibilityLedger first = new VisibilityLedger();
        first.acknowledged("a", 0);
        first.acknowledged("a", 10 * MS);
        first.seen("a", 1, 50 * MS);
        VisibilityLedger second = first.next();
        assertEquals(1, first.close().missing());
        second.acknowledged("a", 100 * MS);
        second.seen("a", 2, 200 * MS); // the first phase's straggler: not this phase's entry
        assertEquals(1, second.pending());
        second.seen("a", 3, 260 * MS);
        LatencyHistogram lag = second.close();
        assertEquals(List.of(1L, 0L), List.of(lag.count(), lag.missing()));
        assertEquals(160.0, lag.maxMillis(), 0.5);
    }

    @Test
    void theRatioIsTheServicesShareOfItsCeilingAndIsReportedNotJudged() {
        CeilingRatio ratio = new CeilingRatio(300, 1200);
        assertEquals(0.25, ratio.ratio(), 1e-9);
        assertTrue(ratio.describe().contains("0.250") && ratio.describe().contains("not reached"), ratio.describe());
        assertTrue(new CeilingRatio(900, 1200).describe().contains("target 0.6: reached"));
        assertTrue(Double.isNaN(new CeilingRatio(300, 0).ratio()));
        assertTrue(new CeilingRatio(300, 0).describe().contains("not measured"));
    }

    @Test
    void theRelayLineCountsStatementsPerEntryFromTheRoundsByOutcome() {
        java.util.Map<String, Double> before = new java.util.TreeMap<>();
        java.util.Map<String, Double> after = new java.util.TreeMap<>();
        before.put("openly_outbox_published_total", 100.0);
        after.put("openly_outbox_published_total", 1100.0);
        before.put("openly_outbox_rounds_total{result=\"published\"}", 10.0);
        after.put("openly_outbox_rounds_total{result=\"published\"}", 110.0);
        before.put("openly_outbox_rounds_total{result=\"empty\"}", 5.0);
        after.put("openly_outbox_rounds_total{result=\"empty\"}", 25.0);
        after.put("openly_outbox_rounds_total{result=\"locked\"}", 10.0);
        after.put("openly_outbox_rounds_total", 145.0);
        String line = OpenLoopBench.relayLine(1000, 100, 150, before, after).orElseThrow();
        // 100 published rounds x 3 + 20 empty x 3 + 10 locked x 2 = 380 statements for 1,000 entries
        assertTrue(line.contains("1000 events in 100 rounds (10.0 events/round; 20 empty, 10 locked): 0.38 statements/entry"), line);
        assertTrue(line.contains("its threads in journal 500 CPU-ms (0.500 CPU-ms/entry)"), line);
        assertTrue(OpenLoopBench.relayLine(0, 0, 0, before, after).isEmpty(), "nothing to say per entry without entries");
        assertTrue(OpenLoopBench.relayLine(10, -1, -1, Map.of(), Map.of("openly_outbox_published_total", 10.0)).orElseThrow()
                .contains("does not count its rounds"));
    }
}
