package app.openly.platform.messaging;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness is DOWN while the entry-events consumer waits for a dependency (and says what it waits for). */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "openly.entry-events.consumer.enabled", stringValue = "true")
public class EntryEventsReadiness implements HealthCheck {

    @Inject
    ConsumerState state;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("entry-events consumer");
        var since = state.waitingSince();
        if (since == null) {
            return response.up().build();
        }
        return response.down()
                .withData("waitingSince", since.toString())
                .withData("at", String.valueOf(state.waitingAt()))
                .withData("lastFailure", String.valueOf(state.lastFailure()))
                .withData("retries", state.attempts())
                .build();
    }
}
