package app.openly.platform.http;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Every service's entry point (the packaged jar, the container image, {@code ./openly up}, e2e-tests).
 * <p>
 * It exists for one line: Quarkus' first HTTP handler refuses a request whose target {@link java.net.URI} cannot parse
 * ({@code /entries/%ZZ}, a raw {@code |}) with an empty 400 and none of our headers, before any route or filter runs,
 * and only the JVM system property {@value HttpLayer#DISABLE_URI_VALIDATION} (read once, when that handler class is
 * loaded) turns that off; Quarkus offers no setting. So it is set here, before Quarkus starts, and {@link HttpLayer}
 * makes the same check itself and answers a problem with the security headers. {@code @QuarkusTest}s get the property
 * from Surefire (service-parent/pom.xml).
 */
@QuarkusMain
public class ServiceMain {

    public static void main(String... args) {
        System.setProperty(HttpLayer.DISABLE_URI_VALIDATION, "true");
        Quarkus.run(args);
    }
}
