package app.openly.journal.rest;

import app.openly.journal.domain.JournalException;
import app.openly.platform.problem.Problem;
import app.openly.platform.problem.ProblemException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** The journal domain's refusals as RFC 9457 problems: one place decides status, type, fields and headers. */
public class JournalProblems {

    @Context
    UriInfo uriInfo;

    @ServerExceptionMapper
    public Response journal(JournalException e) {
        Response.ResponseBuilder builder = problemOf(e).withInstance(uriInfo == null ? null : uriInfo.getPath()).toResponseBuilder();
        if (e instanceof JournalException.WriteBudgetExhausted exhausted) {
            builder.header("Retry-After", String.valueOf(exhausted.retryAfterSeconds()));
        }
        if (e instanceof JournalException.InvitationAttemptsExhausted exhausted) {
            builder.header("Retry-After", String.valueOf(exhausted.retryAfterSeconds()));
        }
        return builder.build();
    }

    static Problem problemOf(JournalException e) {
        if (e instanceof JournalException.EntryNotFound) {
            return ProblemException.notFound("entry").problem();
        }
        if (e instanceof JournalException.StaleVersion stale) {
            return Problem.of(412, "stale-version", "This entry changed since you read it",
                    stale.attempt() == JournalException.Attempt.EDIT ? "Reload it and apply your edit again." : "Reload it before deleting.");
        }
        if (e instanceof JournalException.WriteBudgetExhausted exhausted) {
            return Problem.of(429, "too-many-requests", "Let's slow down a little",
                    "You've written a lot in a short time. Try again in " + exhausted.retryAfterSeconds() + " s.");
        }
        if (e instanceof JournalException.IdempotencyKeyReused) {
            return Problem.of(422, "idempotency-key-reused", "This Idempotency-Key was used for a different entry",
                    "Use a new Idempotency-Key for a new entry.", List.of(new Problem.FieldError("Idempotency-Key", "was used with another body")));
        }
        if (e instanceof JournalException.IdempotentEntryDeleted) {
            return Problem.of(409, "entry-deleted", "The entry of this Idempotency-Key was deleted",
                    "Use a new Idempotency-Key to record it again.");
        }
        if (e instanceof JournalException.InvalidEntry invalid) {
            List<Problem.FieldError> errors = invalid.issues().stream().map(i -> new Problem.FieldError(i.field(), i.message())).toList();
            return Problem.of(400, "invalid-request", "Your entry has fields we could not accept",
                    String.join("; ", errors.stream().map(f -> f.field() + ": " + f.message()).toList()), errors);
        }
        if (e instanceof JournalException.InvalidField invalid) {
            return Problem.invalidField(invalid.issue().field(), invalid.issue().message());
        }
        Problem ritual = RitualProblems.problemOf(e);
        if (ritual != null) {
            return ritual;
        }
        throw new IllegalStateException("no problem for " + e.getClass().getSimpleName());
    }
}
