package app.openly.journal.security;

import app.openly.journal.JournalTestInfrastructure;
import app.openly.testsupport.contract.AttackMatrixContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** journal-service's rows of the attack matrix and bad-input corpus (issue 16 §4; the checks are in the contract). */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class AttackMatrixTest extends AttackMatrixContract {

    static String honest(String secret) {
        return """
                {"practice":"HONEST_SENTENCE","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","sentence":"%s","sharedWith":"my sister","shared":true,"courage":4,"feeling":"NERVOUS","note":"a note","tags":["home"]}"""
                .formatted(secret);
    }

    /** A new entry of {@code p} whose sentence is a secret nobody else may see; returns {id, etag, secret}. */
    static String[] entryOf(Person p) {
        String secret = "secret-" + UUID.randomUUID();
        Response r = given().auth().oauth2(p.token()).contentType("application/json").body(honest(secret)).post("/api/v1/entries");
        return new String[]{field(r, "id"), r.header("ETag"), secret};
    }

    static String inviteBy(Person p, String name) {
        return field(given().auth().oauth2(p.token()).contentType("application/json").body("{\"displayName\":\"" + name + "\"}")
                .post("/api/v1/rituals/invitations"), "code");
    }

    /** {@code p} with a ritual partner; returns p's display name (a secret of the partnership). */
    static String paired(Person p) {
        String name = "Sam" + (100000 + (int) (Math.random() * 800000));
        String code = inviteBy(p, name);
        Person partner = newPerson(p.org());
        given().auth().oauth2(partner.token()).contentType("application/json").body("{\"displayName\":\"Kim\"}")
                .post("/api/v1/rituals/invitations/" + code + "/accept").then().statusCode(200);
        return name;
    }

    @Override
    protected Map<String, Row> rows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        rows.put("POST /api/v1/entries", person(p -> Call.of("POST", "/api/v1/entries").json(honest("new-" + UUID.randomUUID()))));
        rows.put("GET /api/v1/entries", person(p -> {
            String[] e = entryOf(p);
            return Call.of("GET", "/api/v1/entries").query("practice", "HONEST_SENTENCE").query("from", "2026-11-01")
                    .query("to", "2026-11-30").query("limit", "20").secret(e[2]).secret(e[0]);
        }));
        rows.put("GET /api/v1/entries/{id}", person(p -> {
            String[] e = entryOf(p);
            return Call.of("GET", "/api/v1/entries/" + e[0]).secret(e[2]);
        }));
        rows.put("PUT /api/v1/entries/{id}", person(p -> {
            String[] e = entryOf(p);
            return Call.of("PUT", "/api/v1/entries/" + e[0]).header("If-Match", e[1]).json(honest("changed-" + UUID.randomUUID())).secret(e[2]);
        }));
        rows.put("DELETE /api/v1/entries/{id}", person(p -> {
            String[] e = entryOf(p);
            return Call.of("DELETE", "/api/v1/entries/" + e[0]).header("If-Match", e[1]).secret(e[2]);
        }));
        rows.put("GET /api/v1/me/export", person(p -> Call.of("GET", "/api/v1/me/export").secret(entryOf(p)[2])));
        rows.put("DELETE /api/v1/me", person(p -> Call.of("DELETE", "/api/v1/me").secret(entryOf(p)[2])));
        rows.put("GET /api/v1/prompts/today", person(p -> Call.of("GET", "/api/v1/prompts/today")
                .query("practice", "HONEST_SENTENCE").query("timeZone", "Europe/Berlin")));
        rows.put("POST /api/v1/rituals/invitations", person(p -> Call.of("POST", "/api/v1/rituals/invitations").json("{\"displayName\":\"Sam\"}")));
        rows.put("POST /api/v1/rituals/invitations/{code}/accept", person(p -> {
            String code = inviteBy(newPerson(p.org()), "Ari");
            return Call.of("POST", "/api/v1/rituals/invitations/" + code + "/accept").json("{\"displayName\":\"Kim\"}");
        }));
        rows.put("GET /api/v1/rituals/partner", person(p -> Call.of("GET", "/api/v1/rituals/partner").secret(paired(p))));
        rows.put("DELETE /api/v1/rituals/partner", person(p -> Call.of("DELETE", "/api/v1/rituals/partner").secret(paired(p))));
        rows.put("GET /api/v1/rituals/tonight", person(p -> Call.of("GET", "/api/v1/rituals/tonight").query("timeZone", "Europe/Berlin").secret(paired(p))));
        rows.put("GET /api/v1/rituals/history", person(p -> Call.of("GET", "/api/v1/rituals/history").query("limit", "10").secret(paired(p))));
        return rows;
    }

    @Override
    protected Set<String> tablesARefusalMayTouch() {
        // The entry-write budget counts attempts, refused ones too (that is its point).
        return Set.of("write_allowance", "invitation_attempt_allowance");
    }
}
