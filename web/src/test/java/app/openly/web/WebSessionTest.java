package app.openly.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(UpstreamStandIn.class)
class WebSessionTest {

    @BeforeEach
    void clear() {
        UpstreamStandIn.RECEIVED.clear();
    }

    private Response signIn(String person) {
        return given().contentType("application/json").body("{\"person\":\"" + person + "\"}").post("/bff/login/local");
    }

    @Test
    void theClientIsServedWithAStrictContentSecurityPolicy() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("<script type=\"module\" src=\"/js/app.js\">"))
                .body(not(containsString("<script>")))
                .body(not(containsString("style=")));
    }

    @Test
    void withoutASessionTheApiIsAProblem401AndNothingIsForwarded() {
        given().get("/api/v1/entries").then().statusCode(401).contentType("application/problem+json");
        given().cookie(WebRoutes.COOKIE, "forged-value").get("/api/v1/entries").then().statusCode(401);
        assertTrue(UpstreamStandIn.RECEIVED.isEmpty());
    }

    @Test
    void signingInGivesAnHttpOnlyStrictCookieAndNoToken() {
        Response r = signIn("amara");
        r.then().statusCode(204);
        String setCookie = r.header("Set-Cookie");
        assertTrue(setCookie.startsWith(WebRoutes.COOKIE + "="), setCookie);
        assertTrue(setCookie.toLowerCase().contains("httponly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(!setCookie.contains("Secure"), "plain http locally: " + setCookie);
        assertEquals("", r.body().asString());

        Response https = given().header("X-Forwarded-Proto", "https").contentType("application/json").body("{\"person\":\"amara\"}")
                .post("/bff/login/local");
        String secure = https.header("Set-Cookie");
        assertTrue(secure.startsWith(WebRoutes.SECURE_COOKIE + "=") && secure.contains("Secure") && secure.contains("Path=/"), secure);

        given().cookie(WebRoutes.COOKIE, r.cookie(WebRoutes.COOKIE)).get("/bff/session").then().statusCode(200)
                .body("signedIn", equalTo(true)).body("userId", equalTo("amara")).body("org", equalTo("demo-org"))
                .body("csrfToken", not(equalTo(null))).body(not(containsString("eyJ")));
    }

    @Test
    void signInRefusesStrangersFormsAndOtherSites() {
        signIn("mallory").then().statusCode(400).body("errors[0].field", equalTo("person"));
        given().contentType("text/plain").body("{\"person\":\"amara\"}").post("/bff/login/local").then().statusCode(415);
        given().header("Origin", "https://evil.example").contentType("application/json").body("{\"person\":\"amara\"}")
                .post("/bff/login/local").then().statusCode(403);
    }

    @Test
    void apiCallsCarryTheSessionTokenAndNeverTheCookie() {
        String cookie = signIn("lead").cookie(WebRoutes.COOKIE);
        given().cookie(WebRoutes.COOKIE, cookie).header("Authorization", "Bearer smuggled")
                .get("/api/v1/orgs/demo-org/insights/weekly?week=2026-W48").then().statusCode(200).header("ETag", "\"7\"");
        JsonObject seen = UpstreamStandIn.RECEIVED.get(0);
        assertEquals("/api/v1/orgs/demo-org/insights/weekly?week=2026-W48", seen.getString("uri"));
        assertNull(seen.getString("cookie"));
        String token = seen.getString("authorization").substring("Bearer ".length());
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        assertEquals("lead", claims.getString("sub"));
        assertEquals("demo-org", claims.getString("org"));
        assertEquals("org-admin", claims.getJsonArray("groups").getString(0));
        assertEquals("https://openly.local/issuer", claims.getString("iss"));
    }

    @Test
    void unsafeRequestsNeedTheCsrfTokenAndArriveWhole() {
        String cookie = signIn("amara").cookie(WebRoutes.COOKIE);
        String csrf = given().cookie(WebRoutes.COOKIE, cookie).get("/bff/session").jsonPath().getString("csrfToken");
        given().cookie(WebRoutes.COOKIE, cookie).contentType("application/json").body("{\"practice\":\"BODY_ANCHOR\"}")
                .post("/api/v1/entries").then().statusCode(403).body("errors[0].field", equalTo("X-CSRF-Token"));
        given().cookie(WebRoutes.COOKIE, cookie).header("X-CSRF-Token", "guess").contentType("application/json").body("{}")
                .delete("/api/v1/entries/e1").then().statusCode(403);
        assertTrue(UpstreamStandIn.RECEIVED.isEmpty(), "nothing reached a service: " + UpstreamStandIn.RECEIVED);

        String body = "{\"practice\":\"BODY_ANCHOR\",\"breaths\":10}";
        given().cookie(WebRoutes.COOKIE, cookie).header("X-CSRF-Token", csrf).contentType("application/json").body(body)
                .post("/api/v1/entries").then().statusCode(201).header("Location", "/api/v1/entries/e1");
        JsonObject seen = UpstreamStandIn.RECEIVED.get(0);
        assertEquals(body, seen.getString("body"));
        assertNull(seen.getString("csrf"), "the CSRF token is the web process's business only");

        given().cookie(WebRoutes.COOKIE, cookie).header("X-CSRF-Token", csrf).header("If-Match", "\"3\"").contentType("application/json")
                .body("{}").put("/api/v1/entries/stale").then().statusCode(412).contentType("application/problem+json");
        assertEquals("\"3\"", UpstreamStandIn.RECEIVED.get(1).getString("ifMatch"));
    }

    @Test
    void pathsNoServiceAnswersAre404AtTheEdge() {
        String cookie = signIn("amara").cookie(WebRoutes.COOKIE);
        given().cookie(WebRoutes.COOKIE, cookie).get("/api/v1/secrets").then().statusCode(404);
        assertTrue(UpstreamStandIn.RECEIVED.isEmpty());
    }

    @Test
    void signingOutEndsTheCookie() {
        String cookie = signIn("amara").cookie(WebRoutes.COOKIE);
        String csrf = given().cookie(WebRoutes.COOKIE, cookie).get("/bff/session").jsonPath().getString("csrfToken");
        given().cookie(WebRoutes.COOKIE, cookie).post("/bff/logout").then().statusCode(403);
        Response out = given().cookie(WebRoutes.COOKIE, cookie).header("X-CSRF-Token", csrf).post("/bff/logout");
        out.then().statusCode(204);
        assertTrue(out.header("Set-Cookie").contains("Max-Age=0"), out.header("Set-Cookie"));
    }

    @TestHTTPResource("/api/v1/notifications/stream?ticket=t1")
    URI stream;

    @Test
    void theLiveStreamPassesThroughAsItHappensAndEndsWhenTheBrowserLeaves() throws Exception {
        UpstreamStandIn.streamMayEnd = new CountDownLatch(1);
        UpstreamStandIn.streamClientGone = new CountDownLatch(1);
        String cookie = signIn("amara").cookie(WebRoutes.COOKIE);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(stream).header("Cookie", WebRoutes.COOKIE + "=" + cookie)
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.headers().firstValue("Content-Length").isEmpty(), "streamed, not buffered to a length");
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // The event arrives while the service still holds the stream open: nothing waits for its end.
            assertEquals("event: reminder", lines.readLine());
            assertTrue(lines.readLine().contains("A gentle moment"));
            assertEquals(1, UpstreamStandIn.streamMayEnd.getCount(), "the service's stream is still open");
            assertEquals("text/event-stream", UpstreamStandIn.RECEIVED.get(0).getString("accept"));
        }
        // The browser left (the reader closed the connection): the web process closes its side to the service,
        // whose next heartbeat then fails.
        assertTrue(UpstreamStandIn.streamClientGone.await(10, TimeUnit.SECONDS), "the service noticed the browser had gone");
    }
}
