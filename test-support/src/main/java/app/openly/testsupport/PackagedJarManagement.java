package app.openly.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The management interface (health, metrics) of a packaged jar started by {@code @QuarkusIntegrationTest}: Quarkus
 * gives the jar a free public port but leaves the management interface on its configured port (9000, busy whenever a
 * local stack or another build runs) and tells the test nothing about it. This resource picks a free port, hands it to
 * the jar ({@code quarkus.management.port}) and to {@link TestManagement} ({@code test.management.url}).
 */
public class PackagedJarManagement implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the management interface", e);
        }
        String url = "http://localhost:" + port + "/q";
        System.setProperty(TestManagement.URL_PROPERTY, url);
        return Map.of("quarkus.management.port", String.valueOf(port));
    }

    @Override
    public void stop() {
        System.clearProperty(TestManagement.URL_PROPERTY);
    }
}
