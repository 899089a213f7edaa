package app.openly.testsupport.contract;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Puts {@link AnswersMatchTheDocument} into RestAssured's global filters before every {@code @QuarkusTest}, so every
 * answer every API test receives is checked against the service's OpenAPI document without any test asking for it.
 * Registered through META-INF/services; it runs in the test's own class loader, where the test's RestAssured lives.
 */
public class ContractValidation implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        install();
    }

    public static synchronized void install() {
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof AnswersMatchTheDocument)) {
            RestAssured.filters(new AnswersMatchTheDocument());
        }
    }
}
