package app.openly.insights.security;

import app.openly.insights.InsightsTestInfrastructure;
import app.openly.testsupport.MalformedPaths;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP layer (platform HttpLayer) answers itself is a problem with the security headers (issue 16): here a
 * request target that is not a URI or not percent-encoding, which Quarkus answered with an empty 400 before.
 */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class) // the same resources as the service's other tests: one application start for all
class HttpLayerTest {

    @Test
    void aMalformedPathIsAProblemWithTheSecurityHeaders() {
        for (String path : MalformedPaths.under("/api/v1/insights/streaks")) {
            MalformedPaths.assertMalformedPathProblem(path, MalformedPaths.rawGet(RestAssured.port, path));
        }
    }
}
