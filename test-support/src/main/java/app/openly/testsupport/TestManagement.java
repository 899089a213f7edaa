package app.openly.testsupport;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The service under test's management interface (health, metrics: issue 16 §3), on its own port — in
 * tests a free one ({@code quarkus.management.test-port=0}), found through Quarkus' {@code test.management.url}.
 */
public final class TestManagement {

    private TestManagement() {
    }

    /** e.g. {@code http://localhost:40123} (without the /q root path). */
    public static String baseUrl() {
        String url = ConfigProvider.getConfig().getValue("test.management.url", String.class);
        int q = url.indexOf("/q");
        return q > 0 ? url.substring(0, q) : url;
    }

    /** A request to the management interface, e.g. {@code TestManagement.given().get("/q/health/ready")}. */
    public static RequestSpecification given() {
        return RestAssured.given().baseUri(baseUrl()).port(-1);
    }
}
