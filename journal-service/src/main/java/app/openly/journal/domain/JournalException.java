package app.openly.journal.domain;

import java.time.Duration;
import java.util.List;

/**
 * What the journal's use cases refuse, in the domain's words. {@code rest.JournalProblems} turns each
 * into its RFC 9457 problem (status, type, field, headers); messages here are ours, never the input.
 */
public abstract sealed class JournalException extends RuntimeException {

    JournalException(String message) {
        super(message, null, false, false);
    }

    /** A field the domain could not accept, named for the client. */
    public record FieldIssue(String field, String message) {
    }

    /** No such entry of this person (another person's entry is "not found" too). */
    public static final class EntryNotFound extends JournalException {
        public EntryNotFound() {
            super("entry not found");
        }
    }

    /** What the person tried to do when their version was stale. */
    public enum Attempt { EDIT, DELETE }

    /** The entry changed since the person read it (If-Match names an older version). */
    public static final class StaleVersion extends JournalException {
        private final Attempt attempt;

        public StaleVersion(Attempt attempt) {
            super("stale version");
            this.attempt = attempt;
        }

        public Attempt attempt() {
            return attempt;
        }
    }

    /** The person's write budget is spent; {@link #retryAfter()} says when one write is possible again. */
    public static final class WriteBudgetExhausted extends JournalException {
        private final Duration retryAfter;

        public WriteBudgetExhausted(Duration retryAfter) {
            super("write budget exhausted");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        /** Whole seconds to wait, rounded up, at least one. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    /** An Idempotency-Key already used with another body. */
    public static final class IdempotencyKeyReused extends JournalException {
        public IdempotencyKeyReused() {
            super("idempotency key reused");
        }
    }

    /** The entry an Idempotency-Key recorded was deleted since. */
    public static final class IdempotentEntryDeleted extends JournalException {
        public IdempotentEntryDeleted() {
            super("entry of idempotency key deleted");
        }
    }

    /** An entry whose fields break the practice's rules. */
    public static final class InvalidEntry extends JournalException {
        private final List<FieldIssue> issues;

        public InvalidEntry(List<FieldIssue> issues) {
            super("invalid entry");
            this.issues = List.copyOf(issues);
        }

        public List<FieldIssue> issues() {
            return issues;
        }
    }

    /** A single field the domain refused outside an entry (a cursor, a code, ...). */
    public static final class InvalidField extends JournalException {
        private final FieldIssue issue;

        public InvalidField(String field, String message) {
            super("invalid " + field);
            this.issue = new FieldIssue(field, message);
        }

        public FieldIssue issue() {
            return issue;
        }
    }

    // The nightly ritual with a partner.

    /** The person has no active ritual partner (also what a former partner, a third person or an admin gets). */
    public static final class NoPartner extends JournalException {
        public NoPartner() {
            super("no ritual partner");
        }
    }

    /** The person (or, accepting, the person who invited) already has a ritual partner. */
    public static final class AlreadyPaired extends JournalException {
        public AlreadyPaired() {
            super("already paired");
        }
    }

    /** What was wrong with an invitation code. */
    public enum CodeProblem { UNKNOWN, USED, EXPIRED, CANCELLED, OWN }

    /** An invitation code that cannot pair: unknown, used, expired, cancelled or one's own. */
    public static final class InvitationNotAcceptable extends JournalException {
        private final CodeProblem problem;

        public InvitationNotAcceptable(CodeProblem problem) {
            super("invitation not acceptable");
            this.problem = problem;
        }

        public CodeProblem problem() {
            return problem;
        }
    }

    /** Too many attempts at invitation codes (by this person, or by everyone at once). */
    public static final class InvitationAttemptsExhausted extends JournalException {
        private final Duration retryAfter;

        public InvitationAttemptsExhausted(Duration retryAfter) {
            super("invitation attempts exhausted");
            this.retryAfter = retryAfter;
        }

        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    /** A ritual entry to be shared while the person has no partner to share it with. */
    public static final class SharingWithoutPartner extends JournalException {
        public SharingWithoutPartner() {
            super("sharing without partner");
        }
    }
}
