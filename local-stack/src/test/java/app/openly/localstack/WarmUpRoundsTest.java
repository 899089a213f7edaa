package app.openly.localstack;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's warm-up stops when the rate stops climbing, not after a fixed time, and says which happened. */
class WarmUpRoundsTest {

    @Test
    void aRateStillClimbingKeepsTheWarmUpGoing() {
        WarmUpRounds rounds = new WarmUpRounds(6);
        rounds.add(304);
        assertFalse(rounds.done(), "one round says nothing about climbing");
        rounds.add(498);
        assertFalse(rounds.done());
        rounds.add(880);
        assertFalse(rounds.done());
        rounds.add(951); // +8 %
        assertTrue(rounds.steady());
        assertTrue(rounds.done());
        assertEquals("304, 498, 880, 951/s: steady (the last round within +10 % of the one before)", rounds.describe());
    }

    @Test
    void aSlowerRoundCountsAsNoLongerClimbing() {
        WarmUpRounds rounds = new WarmUpRounds(6);
        rounds.add(900);
        rounds.add(700); // the box got busier: waiting longer would not measure a warmer JVM
        assertTrue(rounds.steady());
    }

    @Test
    void justOverTheClimbIsStillClimbing() {
        WarmUpRounds rounds = new WarmUpRounds(6);
        rounds.add(1000);
        rounds.add(1101);
        assertFalse(rounds.steady());
        rounds.add(1212); // 1,101 × 1.1 = 1,211.1
        assertFalse(rounds.steady());
    }

    @Test
    void theWarmUpEndsAfterItsLastRoundEvenWhileClimbingAndSaysSo() {
        WarmUpRounds rounds = new WarmUpRounds(3);
        rounds.add(100);
        rounds.add(200);
        assertFalse(rounds.done());
        rounds.add(400);
        assertTrue(rounds.done());
        assertFalse(rounds.steady());
        assertEquals("100, 200, 400/s: still climbing after 3 rounds (the figures below are of a JVM still warming up)", rounds.describe());
    }

    @Test
    void fewerThanTwoRoundsCannotShowARateLevelling() {
        assertThrows(IllegalArgumentException.class, () -> new WarmUpRounds(1));
    }
}
