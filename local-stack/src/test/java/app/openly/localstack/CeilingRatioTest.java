package app.openly.localstack;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CeilingRatioTest {

    @Test
    void theBoundIsWhatTheRestOfTheBoxAllowsAndTheJournalBudgetTheTargetLeaves() {
        // Fifteenth session's final run: box 1.75 CPU-ms per entry, journal 0.68, ceiling 4,513 tx/s on 2 cores.
        String line = new CeilingRatio(1143, 4513).describeBound(1.75, 0.68, 2);
        // 2,000 CPU-ms/s over the rest's 1.07 per entry: 1,869 entries/s, 0.41 of the ceiling; 0.6 of the ceiling
        // needs 0.74 CPU-ms per entry in all, less than the rest alone: nothing left for journal.
        assertTrue(line.contains("everything but journal took 1.07 CPU-ms per entry"), line);
        assertTrue(line.contains("would reach 1869 entries/s on 2 cores, 0.41 of the ceiling"), line);
        assertTrue(line.contains("leaves journal nothing per entry (it took 0.68)"), line);
    }

    @Test
    void aCheaperRestLeavesJournalABudget() {
        // Rest 0.30 CPU-ms per entry, ceiling 2,000/s on 2 cores: 0.6 of it is 1,200/s = 1.67 CPU-ms per entry in all.
        String line = new CeilingRatio(500, 2000).describeBound(1.30, 1.00, 2);
        assertTrue(line.contains("would reach 6667 entries/s on 2 cores, 3.33 of the ceiling"), line);
        assertTrue(line.contains("leaves journal 1.37 CPU-ms per entry (it took 1.00)"), line);
    }

    @Test
    void nothingMeasuredOutsideJournalSaysSo() {
        assertTrue(new CeilingRatio(500, 2000).describeBound(1.0, 1.0, 2).startsWith("bound: not computed"));
        assertTrue(new CeilingRatio(500, 2000).describeBound(Double.NaN, 1.0, 2).startsWith("bound: not computed"));
        assertTrue(new CeilingRatio(500, 0).describeBound(1.5, 1.0, 2).startsWith("bound: not computed"));
    }

    @Test
    void perRequestFiguresComeFromTheTickDeltas() {
        Map<String, Long> before = new LinkedHashMap<>(Map.of("journal", 100L, "kafka", -1L));
        Map<String, Long> after = new LinkedHashMap<>(Map.of("journal", 400L, "kafka", 50L));
        ProcessCpu.Sample a = new ProcessCpu.Sample(before, 1_000, 0);
        ProcessCpu.Sample b = new ProcessCpu.Sample(after, 1_800, 1);
        assertEquals(3.0, ProcessCpu.msPerRequest(a, b, "journal", 1000), 1e-9); // 300 ticks = 3,000 CPU-ms over 1,000
        assertTrue(Double.isNaN(ProcessCpu.msPerRequest(a, b, "kafka", 1000)), "not running at the first sample");
        assertTrue(Double.isNaN(ProcessCpu.msPerRequest(a, b, "reminder", 1000)), "never found");
        assertEquals(8.0, ProcessCpu.boxMsPerRequest(a, b, 1000), 1e-9);
    }
}
