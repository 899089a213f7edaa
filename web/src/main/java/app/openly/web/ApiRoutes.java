package app.openly.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Which service answers which /api/v1 path: the same prefixes, in the same way, as the production Ingress
 * (deploy/overlays/production/ingress.yaml; ApiRoutesTest reads that file), so the browser sees one origin.
 */
public final class ApiRoutes {

    public enum Service { JOURNAL, REMINDER, INSIGHTS }

    public record Route(String prefix, Service service) {
        /** Ingress "Prefix" matching: the whole path or the prefix followed by a slash, element by element. */
        boolean matches(String path) {
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    public static final List<Route> ROUTES = List.of(
            new Route("/api/v1/entries", Service.JOURNAL),
            new Route("/api/v1/me", Service.JOURNAL),
            new Route("/api/v1/prompts", Service.JOURNAL),
            new Route("/api/v1/rituals", Service.JOURNAL),
            new Route("/api/v1/reminders", Service.REMINDER),
            new Route("/api/v1/notifications", Service.REMINDER),
            new Route("/api/v1/insights", Service.INSIGHTS),
            new Route("/api/v1/orgs", Service.INSIGHTS));

    private final URI journal;
    private final URI reminder;
    private final URI insights;

    public ApiRoutes(URI journal, URI reminder, URI insights) {
        this.journal = journal;
        this.reminder = reminder;
        this.insights = insights;
    }

    /** The service's base URL for this path, or empty when no service serves it (404, as at the Ingress). */
    public Optional<URI> upstreamFor(String path) {
        if (path.contains("/../") || path.endsWith("/..") || path.contains("/./")) {
            return Optional.empty();
        }
        return ROUTES.stream().filter(r -> r.matches(path)).findFirst().map(r -> switch (r.service()) {
            case JOURNAL -> journal;
            case REMINDER -> reminder;
            case INSIGHTS -> insights;
        });
    }
}
