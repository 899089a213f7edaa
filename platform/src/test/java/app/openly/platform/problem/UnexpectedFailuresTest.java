package app.openly.platform.problem;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What {@link ProblemMappers#unexpected} makes of the failures a restart under load produced by the hundred (seen in
 * journal's log): a full pool is the database briefly unavailable (503 + Retry-After), a client that closed its
 * connection mid-body is not a failure of ours (400), and anything else stays a 500.
 */
class UnexpectedFailuresTest {

    private final ProblemMappers mappers = new ProblemMappers();

    private static Problem problem(Response r) {
        return (Problem) r.getEntity();
    }

    @Test
    void aFullPoolIsA503WithRetryAfter() {
        // Agroal's words when every pooled connection stays busy, wrapped as Hibernate wraps it.
        Response r = mappers.unexpected(new PersistenceException("could not prepare statement",
                new SQLException("Sorry, acquisition timeout!")));
        assertEquals(503, r.getStatus());
        assertEquals(String.valueOf(ProblemMappers.RETRY_AFTER_SECONDS), r.getHeaderString("Retry-After"));
        assertEquals(Problem.PROBLEM_JSON, r.getMediaType());
        assertEquals("unavailable", problem(r).type().getPath().replaceAll(".*/", ""));
    }

    @Test
    void aLostDatabaseConnectionIsA503() {
        Response r = mappers.unexpected(new PersistenceException(new SQLException("I/O error", "08006")));
        assertEquals(503, r.getStatus());
    }

    @Test
    void aClientThatClosedItsConnectionMidBodyIsA400NotOurFailure() {
        Response r = mappers.unexpected(new IOException(new IOException(new ClosedChannelException())));
        assertEquals(400, r.getStatus());
        assertEquals("incomplete-body", problem(r).type().getPath().replaceAll(".*/", ""));
        assertNull(r.getHeaderString("Retry-After"));
    }

    @Test
    void anythingElseStaysA500ThatSaysNothingOfTheRequest() {
        Response r = mappers.unexpected(new IllegalStateException("a bug quoting secret words"));
        assertEquals(500, r.getStatus());
        assertEquals("internal", problem(r).type().getPath().replaceAll(".*/", ""));
        assertEquals(false, problem(r).detail().contains("secret"));
    }
}
