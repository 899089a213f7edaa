package app.openly.journal.rest;

import app.openly.events.EventJson;
import app.openly.platform.problem.Problem;
import app.openly.platform.problem.ProblemException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Reading path, header and query values of the journal's requests: each bad one is a problem naming it. */
final class RequestValues {

    private RequestValues() {
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            // Not a UUID cannot be anyone's entry.
            throw ProblemException.notFound("entry");
        }
    }

    static long version(String ifMatch) {
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.of(412, "stale-version", "If-Match does not match this entry",
                    "Send the ETag you received with the entry.", List.of(new Problem.FieldError("If-Match", "is not an ETag of this entry"))));
        }
    }

    static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw ProblemException.badField(field, "is not a date like 2026-11-24");
        }
    }

    static byte[] hash(EntryRequest request) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(EventJson.writer().writeValueAsBytes(request));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
