package app.openly.insights;

import app.openly.testsupport.MalformedPaths;
import app.openly.testsupport.PackagedJarManagement;
import app.openly.testsupport.TestManagement;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The packaged jar (target/quarkus-app, what the container image runs) starts against real PostgreSQL and
 * Kafka, answers an authenticated request, refuses an unauthenticated one and reports itself healthy.
 * Health and metrics answer on the management interface (issue 16 §3), on a port {@link PackagedJarManagement} chose,
 * while Quarkus starts the public port on 0 and reads it from the log: that mix of a free and a fixed port hung the
 * jar in its start until platform {@code ServerPortTag} (the metrics check below scrapes the meter that failed).
 * Run by Failsafe after {@code package}; kept to one start because each start costs CI time.
 */
@QuarkusIntegrationTest
@WithTestResource(InsightsTestInfrastructure.class)
@WithTestResource(PackagedJarManagement.class)
class PackagedJarIT {

    @Test
    void theJarStartsServesAPersonAndIsHealthy() {
        given().auth().oauth2(TestTokens.forUser("it-" + UUID.randomUUID())).get("/api/v1/insights/streaks")
                .then().statusCode(200);
        given().get("/api/v1/insights/streaks").then().statusCode(401).contentType("application/problem+json");
        given().get("/q/health").then().statusCode(404); // health is on the management port (issue 16 §3)
        TestManagement.given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        // platform's ServiceMain (the jar's entry point) hands a malformed target to HttpLayer instead of Quarkus' empty 400
        String malformed = "/api/v1/insights/streaks/%ZZ";
        MalformedPaths.assertMalformedPathProblem(malformed, MalformedPaths.rawGet(RestAssured.port, malformed));
        TestManagement.given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_bytes_read"));
    }
}
