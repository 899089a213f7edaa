package app.openly.insights.security;

import app.openly.insights.InsightsTestInfrastructure;
import app.openly.testsupport.contract.AttackMatrixContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** insights-service's rows of the attack matrix and bad-input corpus (issue 16 §4; the checks are in the contract). */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class AttackMatrixTest extends AttackMatrixContract {

    static void sharingOf(Person p) {
        given().auth().oauth2(p.token()).contentType("application/json").body("{\"shareWithOrganization\":true}")
                .put("/api/v1/insights/sharing").then().statusCode(200);
    }

    static void pausesOf(Person p) {
        given().auth().oauth2(p.token()).contentType("application/json").body("{\"days\":[\"2026-11-20\",\"2026-11-21\"]}")
                .put("/api/v1/insights/pauses").then().statusCode(200);
    }

    @Override
    protected Map<String, Row> rows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        rows.put("GET /api/v1/insights/streaks", person(p -> Call.of("GET", "/api/v1/insights/streaks")));
        rows.put("GET /api/v1/insights/weekly", person(p -> Call.of("GET", "/api/v1/insights/weekly").query("week", "2026-W48")));
        rows.put("GET /api/v1/insights/sharing", person(p -> {
            sharingOf(p);
            return Call.of("GET", "/api/v1/insights/sharing");
        }));
        rows.put("PUT /api/v1/insights/sharing", person(p -> Call.of("PUT", "/api/v1/insights/sharing").json("{\"shareWithOrganization\":true}")));
        rows.put("GET /api/v1/insights/pauses", person(p -> {
            pausesOf(p);
            return Call.of("GET", "/api/v1/insights/pauses");
        }));
        rows.put("PUT /api/v1/insights/pauses", person(p -> Call.of("PUT", "/api/v1/insights/pauses").json("{\"days\":[\"2026-11-23\"]}")));
        rows.put("GET /api/v1/insights/days", person(p -> Call.of("GET", "/api/v1/insights/days").query("from", "2026-11-01").query("to", "2026-11-30")));
        rows.put("GET /api/v1/insights/export", person(p -> {
            sharingOf(p);
            pausesOf(p);
            return Call.of("GET", "/api/v1/insights/export");
        }));
        rows.put("GET /api/v1/orgs/{orgId}/insights/weekly", orgAdmin(p -> Call.of("GET", "/api/v1/orgs/" + p.org() + "/insights/weekly")
                .query("week", "2026-W48")));
        return rows;
    }
}
