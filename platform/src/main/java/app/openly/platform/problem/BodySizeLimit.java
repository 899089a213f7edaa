package app.openly.platform.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Answers an oversized body with a 413 problem+json before it is read. (The HTTP layer's own hard
 * limit, set higher, still cuts off bodies that lie about or omit their length.)
 */
public class BodySizeLimit {

    @ConfigProperty(name = "openly.http.max-body-bytes", defaultValue = "65536")
    long maxBodyBytes;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    return Optional.of(Problem.of(413, "too-large", "The request body is too large",
                            "Send at most " + maxBodyBytes / 1024 + " KiB.").withInstance(request.getUriInfo().getPath()).toResponse());
                }
            } catch (NumberFormatException ignored) {
                // a malformed length is the HTTP layer's to refuse
            }
        }
        return Optional.empty();
    }
}
