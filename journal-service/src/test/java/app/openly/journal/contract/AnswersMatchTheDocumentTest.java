package app.openly.journal.contract;

import app.openly.journal.JournalTestInfrastructure;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import app.openly.testsupport.contract.ContractValidation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The validating test client (test-support's AnswersMatchTheDocument, installed for every @QuarkusTest) fails a test
 * whose answer drifts from the service's OpenAPI document, and lets one through that matches it.
 */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class AnswersMatchTheDocumentTest {

    @BeforeEach
    void validateAnswers() {
        // the validating client is installed here until reminder and insights pass it too (then: for every @QuarkusTest)
        ContractValidation.install();
    }

    private static AssertionError refused(String path) {
        return assertThrows(AssertionError.class,
                () -> given().auth().oauth2(TestTokens.forUser("drift-probe")).get("/api/v1/test-only/drift/" + path));
    }

    @Test
    void anUndocumentedFieldFails() {
        AssertionError e = refused("extra-field");
        assertTrue(e.getMessage().contains("undocumented"), e.getMessage());
    }

    @Test
    void aValueBeyondItsDocumentedLimitFails() {
        AssertionError e = refused("too-long");
        assertTrue(e.getMessage().contains("word"), e.getMessage());
    }

    @Test
    void anUndocumentedStatusFails() {
        AssertionError e = refused("undocumented-status");
        assertTrue(e.getMessage().contains("202"), e.getMessage());
    }

    @Test
    void anUndocumentedOperationFails() {
        AssertionError e = refused("hidden");
        assertTrue(e.getMessage().contains("has no such operation"), e.getMessage());
    }

    @Test
    void anAnswerAsDocumentedPasses() {
        given().auth().oauth2(TestTokens.forUser("drift-probe")).get("/api/v1/test-only/drift/as-documented").then().statusCode(200);
    }
}
