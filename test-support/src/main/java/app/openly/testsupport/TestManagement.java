package app.openly.testsupport;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The service under test's management interface (health, metrics: issue 16 §3), on its own port — in
 * tests a free one ({@code quarkus.management.test-port=0}), found through Quarkus' {@code test.management.url}; for the
 * packaged jar ({@code @QuarkusIntegrationTest}) the one {@link PackagedJarManagement} chose.
 */
public final class TestManagement {

    static final String URL_PROPERTY = "test.management.url";

    private TestManagement() {
    }

    /** e.g. {@code http://localhost:40123} (without the /q root path). */
    public static String baseUrl() {
        String url = System.getProperty(URL_PROPERTY, ConfigProvider.getConfig().getOptionalValue(URL_PROPERTY, String.class).orElse(null));
        if (url == null) {
            throw new IllegalStateException(URL_PROPERTY + " is not set: is the service's management interface started?");
        }
        int q = url.indexOf("/q");
        return q > 0 ? url.substring(0, q) : url;
    }

    /** A request to the management interface, e.g. {@code TestManagement.given().get("/q/health/ready")}. */
    public static RequestSpecification given() {
        return RestAssured.given().baseUri(baseUrl()).port(-1);
    }
}
