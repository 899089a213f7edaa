package app.openly.journal.rest;

import app.openly.journal.domain.JournalException;
import app.openly.platform.problem.Problem;

import java.util.List;

/** The ritual partnership's refusals as RFC 9457 problems (kind words: nothing here blames the person). */
final class RitualProblems {

    private RitualProblems() {
    }

    /** @return null when {@code e} is not a ritual refusal */
    static Problem problemOf(JournalException e) {
        if (e instanceof JournalException.NoPartner) {
            return Problem.of(404, "not-found", "Not found", "You have no ritual partner right now.");
        }
        if (e instanceof JournalException.AlreadyPaired) {
            return Problem.of(409, "already-paired", "You already have a ritual partner",
                    "One ritual partner at a time: unpair first if you want to pair with someone else.");
        }
        if (e instanceof JournalException.SharingWithoutPartner) {
            return Problem.of(409, "no-ritual-partner", "There is no ritual partner to share this with",
                    "Save it without shareWithPartner, or pair with someone first.",
                    List.of(new Problem.FieldError("shareWithPartner", "needs a ritual partner")));
        }
        if (e instanceof JournalException.InvitationAttemptsExhausted exhausted) {
            return Problem.of(429, "too-many-invitation-attempts", "Let's pause a moment",
                    "There were many attempts at invitation codes. Try again in " + exhausted.retryAfterSeconds() + " s.");
        }
        if (e instanceof JournalException.InvitationNotAcceptable invitation) {
            return switch (invitation.problem()) {
                case UNKNOWN -> Problem.of(404, "invitation-unknown", "We don't know this invitation code",
                        "Check the code with the person who invited you: 8 characters, like ABCD-EFGH.",
                        List.of(new Problem.FieldError("code", "is not an invitation code we know")));
                case USED -> Problem.of(409, "invitation-used", "This invitation was already used",
                        "Each code pairs once. Ask for a new one.", List.of(new Problem.FieldError("code", "was already used")));
                case EXPIRED -> Problem.of(410, "invitation-expired", "This invitation has expired",
                        "Codes work for 24 hours. Ask for a new one.", List.of(new Problem.FieldError("code", "has expired")));
                case CANCELLED -> Problem.of(410, "invitation-cancelled", "This invitation is no longer open",
                        "The person who invited you has paired since. Ask for a new one if you still want to pair.",
                        List.of(new Problem.FieldError("code", "is no longer open")));
                case OWN -> Problem.of(422, "own-invitation", "This is your own invitation",
                        "Send the code to the person you want to pair with; they accept it.",
                        List.of(new Problem.FieldError("code", "is your own invitation")));
            };
        }
        return null;
    }
}
