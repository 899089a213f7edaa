package app.openly.platform.messaging;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pool's "no connection in time" is a passing failure whichever of its words it uses (they carry no SQLState); a
 * failure is described for the log by class and SQLState, never by its message.
 */
class FailureKindTest {

    @Test
    void agroalsFullPoolTimeoutIsTransient() {
        // The message of agroal-pool 3.0.1 when every connection stays busy past the acquisition timeout (journal's log,
        // under the burst of clients coming back after a restart); wrapped as a store wraps it.
        assertEquals(FailureKind.TRANSIENT,
                FailureKind.of(new IllegalStateException("write failed", new SQLException("Sorry, acquisition timeout!"))));
    }

    @Test
    void agroalsNewConnectionTimeoutIsTransient() {
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new SQLException("Acquisition timeout while waiting for new connection")));
    }

    @Test
    void aSqlFailureWithoutSqlStateOrPoolWordsStaysUnexpected() {
        assertEquals(FailureKind.UNEXPECTED, FailureKind.of(new SQLException("something odd")));
    }

    @Test
    void aFailureIsDescribedByItsClassAndTheFirstSqlStateInItsChain() {
        RuntimeException wrapped = new IllegalStateException("write of 'my secret sentence' failed",
                new RuntimeException("outer", new SQLException("value 'my secret sentence' too long", "22001")));
        assertEquals("IllegalStateException (SQLState 22001)", FailureKind.describe(wrapped));
    }

    @Test
    void aFailureWithoutSqlStateIsDescribedByItsClassOnly() {
        assertEquals("SQLException", FailureKind.describe(new SQLException("value 'my secret sentence' refused")));
        assertEquals("IllegalArgumentException", FailureKind.describe(new IllegalArgumentException("'my secret sentence'")));
    }

    @Test
    void aCyclicCauseChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertEquals("RuntimeException", FailureKind.describe(a));
    }
}
