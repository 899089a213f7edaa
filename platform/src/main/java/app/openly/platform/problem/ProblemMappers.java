package app.openly.platform.problem;

import app.openly.platform.input.SafeText;
import app.openly.platform.json.RefusedValueException;
import app.openly.platform.messaging.FailureKind;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns every failure into {@code application/problem+json}. Bad input is always a 4xx naming the
 * field; a dependency briefly unavailable (the database, its pool: {@link FailureKind#TRANSIENT}) is a 503 with
 * {@code Retry-After}; an unexpected failure is a 500 whose body says nothing about the request.
 * <p>
 * One class (over 200 lines) on purpose: every exception type is mapped here, so every failure has one shape and one
 * rule for what of the request may be echoed (field names, at most 64 characters, escaped).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Context
    UriInfo uriInfo;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder builder = e.problem().withInstance(path()).toResponseBuilder();
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response unrecognizedField(UnrecognizedPropertyException e) {
        return Problem.invalidField(fieldPath(e), "is not a field we know; remove it").withInstance(path()).toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response refusedValue(RefusedValueException e) {
        return Problem.invalidField(fieldPath(e), e.rule()).withInstance(path()).toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalidFormat(InvalidFormatException e) {
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        return Problem.invalidField(fieldPath(e), "has the wrong type or format; expected " + expected).withInstance(path()).toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response valueInstantiation(ValueInstantiationException e) {
        // A record constructor refused the value; its message is ours (never the input) when it is an IllegalArgumentException.
        String message = e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null
                ? iae.getMessage() : "has a value we could not accept";
        return Problem.invalidField(fieldPath(e), message).withInstance(path()).toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e) {
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        String field = fieldPath(e);
        if (field.isEmpty()) {
            return Problem.of(400, "malformed-json", "The request body is not what we expected",
                    "Send a JSON object.", null).withInstance(path()).toResponse();
        }
        return Problem.invalidField(field, "has the wrong type; expected " + expected).withInstance(path()).toResponse();
    }

    @ServerExceptionMapper(priority = 2)
    public Response malformedJson(JsonProcessingException e) {
        String duplicate = duplicateKey(e);
        if (duplicate != null) {
            return Problem.invalidField(duplicate, "appears more than once; send each field once").withInstance(path()).toResponse();
        }
        String field = e instanceof JsonMappingException m ? fieldPath(m) : "";
        // The parser's own message quotes the input: never pass it on.
        return Problem.of(400, "malformed-json", "The request body is not valid JSON",
                field.isEmpty() ? "Check the JSON syntax." : "Check the JSON near " + field + ".",
                field.isEmpty() ? null : List.of(new Problem.FieldError(field, "could not be read")))
                .withInstance(path()).toResponse();
    }

    /** The same answer as the mappers above, for a JSON failure that reached us wrapped (or from our own reading). */
    Response fromJson(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return unrecognizedField(u);
        }
        if (e instanceof InvalidFormatException f) {
            return invalidFormat(f);
        }
        if (e instanceof ValueInstantiationException v) {
            return valueInstantiation(v);
        }
        if (e instanceof RefusedValueException r) {
            return refusedValue(r);
        }
        if (e instanceof MismatchedInputException m) {
            return mismatchedInput(m);
        }
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return Problem.of(400, "invalid-request", "Your request has fields we could not accept", detail, errors)
                .withInstance(path()).toResponse();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthorizedResponse();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorizedResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "forbidden", "Forbidden", "You are signed in but this is not open to you.")
                .withInstance(path()).toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // The JSON reader wraps broken syntax (a cut-off body, a stray character) in a plain 400: say what it is.
        if (e.getCause() instanceof JsonProcessingException json) {
            return fromJson(json);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (original.hasEntity() && Problem.PROBLEM_JSON.isCompatible(original.getMediaType())) {
            return original;
        }
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        if (family == Response.Status.Family.SERVER_ERROR) {
            LOG.errorf(e, "server error %d on %s", status, path());
        }
        String reason = original.getStatusInfo().getReasonPhrase();
        Response.ResponseBuilder builder = Problem.of(status, slug(status), reason == null ? "Error" : reason, describeStatus(status))
                .withInstance(path()).toResponseBuilder();
        for (String header : List.of("Allow", "Retry-After", "WWW-Authenticate")) {
            if (original.getHeaderString(header) != null) {
                builder.header(header, original.getHeaderString(header));
            }
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (clientLeft(e)) {
            // The client closed the connection while we read its body (seen by the hundred after a restart under load:
            // clients that had given up). Nothing was written and nobody reads this answer: no ERROR, no stack trace,
            // and not a 5xx of ours in the metrics.
            LOG.debugf("request body on %s not read to its end: the client closed the connection", path());
            return Problem.of(400, "incomplete-body", "The request body ended early",
                    "The connection closed before the whole body arrived; nothing was written.").withInstance(path()).toResponse();
        }
        if (FailureKind.of(e) == FailureKind.TRANSIENT) {
            // The database (or the pool in front of it) is briefly unavailable or busy: the transaction rolled back, a
            // retry will work. One line, no stack trace: after a restart under load this comes in bursts.
            LOG.warnf("%s on %s: a dependency is briefly unavailable, answered 503", FailureKind.describe(e), path());
            return Problem.of(503, "unavailable", "We are briefly unavailable",
                    "Nothing you sent was written; please try again in a moment.").withInstance(path()).toResponseBuilder()
                    .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)).build();
        }
        // Logged with the stack trace for operators; the message of e is not sent to the client.
        LOG.errorf(e, "unexpected failure on %s", path());
        return Problem.of(500, "internal", "Something went wrong on our side",
                "Nothing you sent was lost; please try again in a moment.").withInstance(path()).toResponse();
    }

    /** What a 503 for a passing unavailability tells the client to wait: a pool or a failover clears within seconds. */
    static final int RETRY_AFTER_SECONDS = 2;

    /** Whether the failure is the client's connection closing under us (Vert.x' words for it, or NIO's). */
    static boolean clientLeft(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof java.nio.channels.ClosedChannelException || t.getClass().getSimpleName().equals("HttpClosedException")) {
                return true;
            }
        }
        return false;
    }

    private Response unauthorizedResponse() {
        return Problem.of(401, "unauthorized", "Sign-in needed", "Send a valid bearer token.")
                .withInstance(path()).toResponseBuilder().header("WWW-Authenticate", "Bearer").build();
    }

    private String path() {
        return uriInfo == null ? null : uriInfo.getPath();
    }

    /** The path of a key sent twice (strict duplicate detection), or null when {@code e} is something else. */
    static String duplicateKey(JsonProcessingException e) {
        if (!(e instanceof StreamReadException read) || e.getOriginalMessage() == null
                || !e.getOriginalMessage().startsWith("Duplicate field") || read.getProcessor() == null) {
            return null;
        }
        JsonParser parser = read.getProcessor();
        List<String> names = new ArrayList<>();
        for (JsonStreamContext ctx = parser.getParsingContext(); ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
            if (ctx.inObject() && ctx.getCurrentName() != null) {
                names.add(0, SafeText.echo(ctx.getCurrentName(), MAX_ECHOED_NAME));
            } else if (ctx.inArray()) {
                names.add(0, "[" + Math.max(0, ctx.getCurrentIndex()) + "]");
            }
        }
        return String.join(".", names).replace(".[", "[");
    }

    /** Names taken from the request are said back at most this long, escaped (a 20 KB key is not echoed whole). */
    static final int MAX_ECHOED_NAME = 64;

    static String fieldPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(SafeText.echo(ref.getFieldName(), MAX_ECHOED_NAME));
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        String unknown = e instanceof UnrecognizedPropertyException u ? SafeText.echo(u.getPropertyName(), MAX_ECHOED_NAME) : null;
        if (unknown != null && (sb.isEmpty() || !sb.toString().endsWith(unknown))) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(unknown);
        }
        return sb.toString();
    }

    /** "create.request.kind" → "kind": the method and parameter names mean nothing to a client. */
    static String fieldName(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                names.add(node.getIndex() != null ? node.getName() + "[" + node.getIndex() + "]" : node.getName());
            } else if (node.getKind() == ElementKind.PARAMETER) {
                names.clear();
                names.add(node.getName());
            }
        }
        if (names.size() > 1) {
            names.remove(0); // the body parameter's own name
        }
        return names.stream().filter(n -> n != null && !n.isBlank()).collect(Collectors.joining("."));
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return "one of " + java.util.Arrays.stream(constants).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return switch (type.getSimpleName()) {
            case "OffsetDateTime", "Instant", "ZonedDateTime" -> "a date-time with offset, e.g. 2026-11-24T21:40:00+01:00";
            case "LocalDate" -> "a date, e.g. 2026-11-24";
            case "LocalTime" -> "a time, e.g. 21:30";
            case "UUID" -> "a UUID";
            case "String" -> "a string";
            default -> type.isArray() || java.util.Collection.class.isAssignableFrom(type) ? "a list" : "an object";
        };
    }

    private static String slug(int status) {
        return switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-requests";
            default -> "http-" + status;
        };
    }

    private static String describeStatus(int status) {
        return switch (status) {
            case 404 -> "Nothing here.";
            case 405 -> "This method is not allowed here.";
            case 406 -> "We answer in application/json.";
            case 413 -> "The request body is too large.";
            case 415 -> "Send the body as application/json.";
            case 429 -> "Please slow down a little and try again shortly.";
            default -> "The request could not be handled.";
        };
    }
}
