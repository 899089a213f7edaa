package app.openly.reminder.domain.delivery.logic;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which push endpoints the server may call. A subscription is data from a browser: without this check, a
 * person could make the server POST to any URL (an internal service, a metadata endpoint). Only {@code https}
 * endpoints on configured push-service hosts pass, plus plain-http origins named explicitly (local stack, tests).
 */
public final class PushEndpointPolicy {

    private final List<String> hosts;
    private final List<URI> insecureOrigins;

    public PushEndpointPolicy(List<String> hosts, List<String> insecureOrigins) {
        this.hosts = hosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        this.insecureOrigins = insecureOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).map(URI::create).toList();
    }

    /** Why {@code endpoint} may not be called, or empty when it may. */
    public Optional<String> refusal(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return Optional.of("is required");
        }
        if (endpoint.length() > 2048) {
            return Optional.of("is longer than 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("is not an absolute URL of a push service");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") && (uri.getPort() == -1 || uri.getPort() == 443) && hosts.stream().anyMatch(h -> matches(h, host))) {
            return Optional.empty();
        }
        for (URI origin : insecureOrigins) {
            if (scheme.equals(origin.getScheme()) && host.equals(origin.getHost().toLowerCase(Locale.ROOT))
                    && (origin.getPort() == -1 || origin.getPort() == uri.getPort())) {
                return Optional.empty();
            }
        }
        return Optional.of("is not on a known push service (https on " + String.join(", ", hosts) + ")");
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            String suffix = pattern.substring(1);
            return host.endsWith(suffix) && host.length() > suffix.length();
        }
        return pattern.equals(host);
    }
}
