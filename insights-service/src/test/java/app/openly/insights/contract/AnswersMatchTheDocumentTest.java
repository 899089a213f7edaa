package app.openly.insights.contract;

import app.openly.insights.InsightsTestInfrastructure;
import app.openly.testsupport.TestTokens;
import app.openly.testsupport.contract.AnswersMatchTheDocumentContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * The validating test client catches an answer of insights-service that drifts from its OpenAPI document (the checks are in
 * the contract): the real answer of GET /api/v1/insights/sharing, drifted one way at a time.
 */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class AnswersMatchTheDocumentTest extends AnswersMatchTheDocumentContract {

    @Override
    protected String method() {
        return "GET";
    }

    @Override
    protected String path() {
        return "/api/v1/insights/sharing";
    }

    @Override
    protected Response send() {
        String token = TestTokens.forUser("drift-" + UUID.randomUUID());
        return given().auth().oauth2(token).get(path());
    }

    @Override
    protected String fieldNeverNull() {
        return "shareWithOrganization";
    }
}
