package app.openly.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Production sign-in: authorization code + PKCE against an issuer, the tokens kept server-side. */
@QuarkusTest
@TestProfile(OidcSignInTest.Oidc.class)
class OidcSignInTest {

    public static class Oidc implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcProviderStandIn.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // The issuer itself comes from the stand-in once it listens.
            return Map.of("openly.web.auth.mode", "oidc", "openly.web.auth.oidc.client-id", "openly-web",
                    "openly.web.auth.oidc.redirect-uri", "https://app.openly.example/bff/callback");
        }

        @Override
        public String getConfigProfile() {
            return "oidc-test";
        }
    }

    @Test
    void codeFlowWithPkceEndsInAStrictSessionCookieAndNoToken() {
        Response login = given().redirects().follow(false).header("X-Forwarded-Proto", "https").get("/bff/login");
        login.then().statusCode(302);
        URI target = URI.create(login.header("Location"));
        assertTrue(target.toString().startsWith(OidcProviderStandIn.issuer + "/auth?"), target.toString());
        Map<String, String> q = OidcProviderStandIn.parse(target.getRawQuery());
        assertEquals("code", q.get("response_type"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals("openly-web", q.get("client_id"));
        String loginCookie = login.cookie(WebRoutes.LOGIN_COOKIE);
        assertTrue(login.header("Set-Cookie").contains("SameSite=Lax"), "the provider's redirect back is cross-site: " + login.header("Set-Cookie"));

        // A callback with another state (a forged or replayed answer) is refused.
        String code = OidcProviderStandIn.approve(q, "person-42");
        given().redirects().follow(false).cookie(WebRoutes.LOGIN_COOKIE, loginCookie).queryParam("code", code).queryParam("state", "forged")
                .get("/bff/callback").then().statusCode(401);

        String code2 = OidcProviderStandIn.approve(q, "person-42");
        Response back = given().redirects().follow(false).header("X-Forwarded-Proto", "https").cookie(WebRoutes.LOGIN_COOKIE, loginCookie)
                .queryParam("code", code2).queryParam("state", q.get("state")).get("/bff/callback");
        back.then().statusCode(302).header("Location", "/");
        String session = back.cookie(WebRoutes.SECURE_COOKIE);
        assertTrue(session != null && !session.isEmpty(), back.headers().toString());
        String setCookie = back.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith(WebRoutes.SECURE_COOKIE)).findFirst().orElseThrow();
        assertTrue(setCookie.contains("Secure") && setCookie.contains("SameSite=Strict") && setCookie.toLowerCase().contains("httponly"), setCookie);

        given().header("X-Forwarded-Proto", "https").cookie(WebRoutes.SECURE_COOKIE, session).get("/bff/session").then().statusCode(200)
                .body("signedIn", equalTo(true)).body("userId", equalTo("person-42")).body("org", equalTo("demo-org"))
                .body("roles[0]", equalTo("org-admin")).body("mode", equalTo("oidc"));
        // The code was redeemed once; the same answer again is refused by the provider.
        given().redirects().follow(false).cookie(WebRoutes.LOGIN_COOKIE, loginCookie).queryParam("code", code2).queryParam("state", q.get("state"))
                .get("/bff/callback").then().statusCode(401);
    }

    @Test
    void localSignInIsNotOfferedInProduction() {
        given().contentType("application/json").body("{\"person\":\"amara\"}").post("/bff/login/local").then().statusCode(404);
        given().get("/bff/session").then().body("signedIn", equalTo(false)).body("people", equalTo(null));
    }
}
