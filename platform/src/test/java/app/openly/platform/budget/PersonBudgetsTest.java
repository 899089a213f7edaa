package app.openly.platform.budget;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonBudgetsTest {

    private static PersonBudgets budgets(int reads, int writes, int concurrent) {
        PersonBudgets b = new PersonBudgets();
        b.config = new BudgetConfig() {
            public boolean enabled() { return true; }
            public Duration window() { return Duration.ofSeconds(60); }
            public int readsPerWindow() { return reads; }
            public int writesPerWindow() { return writes; }
            public int concurrentPerPerson() { return concurrent; }
        };
        return b;
    }

    @Test
    void readsAndWritesHaveTheirOwnBudgetAndTheHeadersSayWhatIsLeft() {
        PersonBudgets b = budgets(3, 1, 100);
        long t = 1_000_000;
        PersonBudgets.Decision first = b.take("ana", false, t);
        assertEquals("\"reads\";q=3;w=60", first.policyHeader());
        assertEquals("\"reads\";r=2;t=60", first.rateLimitHeader());
        b.take("ana", false, t + 1000);
        PersonBudgets.Decision third = b.take("ana", false, t + 30_000);
        assertEquals("\"reads\";r=0;t=30", third.rateLimitHeader());
        PersonBudgets.Decision fourth = b.take("ana", false, t + 30_500);
        assertFalse(fourth.allowed());
        assertEquals(30, fourth.retryAfterSeconds());
        assertTrue(b.take("ana", true, t + 30_500).allowed(), "writes are counted apart from reads");
        assertFalse(b.take("ana", true, t + 31_000).allowed());
        assertTrue(b.take("ben", false, t + 31_000).allowed(), "another person has their own budget");
        assertTrue(b.take("ana", false, t + 60_000).allowed(), "a new window starts afresh");
    }

    @Test
    void onePersonHasAtMostSoManyRequestsInFlight() {
        PersonBudgets b = budgets(1000, 1000, 2);
        assertTrue(b.take("ana", false, 0).allowed());
        assertTrue(b.take("ana", false, 0).allowed());
        PersonBudgets.Decision third = b.take("ana", false, 0);
        assertFalse(third.allowed());
        assertTrue(third.tooManyAtOnce());
        assertEquals(1, third.retryAfterSeconds());
        assertTrue(b.take("ben", false, 0).allowed());
        b.release("ana");
        assertTrue(b.take("ana", false, 0).allowed());
    }
}
