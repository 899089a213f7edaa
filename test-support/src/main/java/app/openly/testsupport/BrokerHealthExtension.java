package app.openly.testsupport;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when the embedded Kafka broker met a fatal error (it asked to halt or exit the JVM) before
 * or during it: the test needed a broker it no longer had, and saying so beats a fork that dies with no name.
 * Registered for every test through JUnit's extension auto-detection (META-INF/services; quarkus-junit turns auto-detection on).
 */
public class BrokerHealthExtension implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        check(context, "before");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        check(context, "during");
    }

    private static void check(ExtensionContext context, String when) {
        SharedInfrastructure.brokerFatalError().ifPresent(error -> {
            throw new AssertionError("the embedded Kafka broker failed " + when + " " + context.getDisplayName() + ": " + error);
        });
    }
}
