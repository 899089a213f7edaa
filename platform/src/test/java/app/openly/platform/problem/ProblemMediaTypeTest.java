package app.openly.platform.problem;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProblemMediaTypeTest {

    @ParameterizedTest(name = "Accept: {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "NONE|application/problem+json",
            "''|application/problem+json",
            "*/*|application/problem+json",
            "application/*|application/problem+json",
            "application/problem+json|application/problem+json",
            "application/json, application/problem+json|application/problem+json",
            "application/json|application/json",
            "Application/JSON; charset=utf-8|application/json",
            "application/json, text/javascript, text/json|application/json",
            "application/json, application/problem+json;q=0|application/json",
            "application/json, */*;q=0|application/json",
            "text/html|application/problem+json",
    })
    void aProblemIsPlainJsonOnlyForAClientThatAcceptsPlainJsonAndNotProblems(String accept, String expected) {
        assertEquals(expected, ProblemMediaType.forAccept(accept));
    }
}
