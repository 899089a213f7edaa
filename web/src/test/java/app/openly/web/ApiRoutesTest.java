package app.openly.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ApiRoutesTest {

    private static final URI JOURNAL = URI.create("http://journal:1");
    private static final URI REMINDER = URI.create("http://reminder:2");
    private static final URI INSIGHTS = URI.create("http://insights:3");
    private final ApiRoutes routes = new ApiRoutes(JOURNAL, REMINDER, INSIGHTS);

    /** The local routing must be the production Ingress's: same prefixes, same service for each. */
    @Test
    void routesAreExactlyTheProductionIngressPaths() throws Exception {
        String ingress = Files.readString(Path.of("..", "deploy", "overlays", "production", "ingress.yaml"));
        Matcher m = Pattern.compile("- path: (\\S+)\\s+pathType: (\\S+)\\s+backend:\\s+service:\\s+name: (\\S+)").matcher(ingress);
        Map<String, String> fromIngress = new LinkedHashMap<>();
        while (m.find()) {
            assertEquals("Prefix", m.group(2), "pathType of " + m.group(1));
            fromIngress.put(m.group(1), m.group(3));
        }
        Map<String, String> ours = new LinkedHashMap<>();
        ApiRoutes.ROUTES.forEach(r -> ours.put(r.prefix(), r.service().name().toLowerCase() + "-service"));
        assertTrue(fromIngress.size() >= 6, "the Ingress was read: " + fromIngress);
        assertEquals(fromIngress, ours);
    }

    @Test
    void prefixMatchesWholePathElementsOnly() {
        assertEquals(JOURNAL, routes.upstreamFor("/api/v1/entries").orElseThrow());
        assertEquals(JOURNAL, routes.upstreamFor("/api/v1/entries/123").orElseThrow());
        assertEquals(JOURNAL, routes.upstreamFor("/api/v1/me/export").orElseThrow());
        assertEquals(REMINDER, routes.upstreamFor("/api/v1/reminders/next").orElseThrow());
        assertEquals(INSIGHTS, routes.upstreamFor("/api/v1/orgs/demo-org/insights/weekly").orElseThrow());
        assertTrue(routes.upstreamFor("/api/v1/entriesx").isEmpty());
        assertTrue(routes.upstreamFor("/api/v1/mexico").isEmpty());
        assertTrue(routes.upstreamFor("/api/v1").isEmpty());
        assertTrue(routes.upstreamFor("/q/health").isEmpty());
        assertTrue(routes.upstreamFor("/api/v1/entries/../../q/metrics").isEmpty());
    }

    @Test
    void locationWrittenByAServiceBecomesAPathOnThisOrigin() {
        URI base = URI.create("http://localhost:8081");
        assertEquals("/api/v1/entries/abc", ApiProxy.relativeLocation(base, "http://localhost:8081/api/v1/entries/abc"));
        assertEquals("https://elsewhere.example/x", ApiProxy.relativeLocation(base, "https://elsewhere.example/x"));
    }
}
