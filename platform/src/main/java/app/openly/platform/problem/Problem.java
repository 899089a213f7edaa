package app.openly.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code errors} names each field that was wrong. Messages are written
 * by us, never copied from the request, so no text a person wrote can leak into an error body.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);
    private static final String TYPE_BASE = "https://openly.app/problems/";

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String slug, String title, String detail, List<FieldError> errors) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, null, errors == null || errors.isEmpty() ? null : errors);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return of(status, slug, title, detail, null);
    }

    public static Problem invalidField(String field, String message) {
        return of(400, "invalid-request", "Your request has a field we could not accept",
                field + ": " + message, List.of(new FieldError(field, message)));
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(PROBLEM_JSON).entity(this).build();
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(PROBLEM_JSON).entity(this);
    }
}
