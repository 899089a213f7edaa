package app.openly.platform.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Drops the {@code server.port} tag from every meter.
 * <p>
 * Quarkus' Vert.x binder tags an HTTP server's network meters ({@code http.server.bytes.read}, connections, active
 * requests) with {@code server.port} only when the server was given a fixed port, not when it takes a free one
 * ({@code port=0}). With health and metrics on the management interface there are two servers; when one takes a free
 * port and the other a fixed one (the packaged jar under {@code @QuarkusIntegrationTest}: public port 0, management
 * 9000; or anyone starting a service with {@code QUARKUS_HTTP_PORT=0}), the same meter is registered with two tag sets,
 * Prometheus refuses the second inside the bind callback, the server never reports that it listens and the service
 * hangs in its start. Without the tag the set is the same whatever the ports. Nothing reads the tag: the two servers'
 * byte and connection counts are summed per process (the management server only serves probes and scrapes).
 */
public class ServerPortTag {

    @Produces
    @Singleton
    MeterFilter withoutServerPort() {
        return MeterFilter.ignoreTags("server.port");
    }
}
