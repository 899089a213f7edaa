package app.openly.journal.security;

import app.openly.journal.JournalTestInfrastructure;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-person budgets for reads and writes, announced in the IETF httpapi RateLimit headers, and a bound on
 * one person's requests in flight (issue 16 §3), with budgets small enough to reach in a test.
 */
@QuarkusTest
@TestProfile(SecurityBudgetTest.SmallBudgets.class)
@WithTestResource(JournalTestInfrastructure.class)
class SecurityBudgetTest {

    public static class SmallBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openly.budget.reads-per-window", "100", "openly.budget.writes-per-window", "40",
                    "openly.budget.concurrent-per-person", "4", "openly.budget.window", "60s");
        }
    }

    private static final Pattern RATE_LIMIT = Pattern.compile("\"(reads|writes)\";r=(\\d+);t=(\\d+)");

    private static String entry() {
        return """
                {"practice":"BODY_ANCHOR","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","breaths":10,"handOnHeart":true,"calmBefore":3,"calmAfter":7}""";
    }

    @Test
    void everyAnswerSaysWhichBudgetAppliedAndWhatIsLeft() {
        String token = TestTokens.forUser("budget-" + UUID.randomUUID());
        Response first = given().auth().oauth2(token).get("/api/v1/entries");
        assertEquals(200, first.statusCode());
        assertEquals("\"reads\";q=100;w=60", first.header("RateLimit-Policy"));
        var m = RATE_LIMIT.matcher(first.header("RateLimit"));
        assertTrue(m.matches(), first.header("RateLimit"));
        assertEquals("99", m.group(2));
        assertTrue(Integer.parseInt(m.group(3)) >= 1 && Integer.parseInt(m.group(3)) <= 60);
        Response write = given().auth().oauth2(token).contentType("application/json").body(entry()).post("/api/v1/entries");
        assertEquals(201, write.statusCode(), write.asString());
        assertEquals("\"writes\";q=40;w=60", write.header("RateLimit-Policy"));
        assertTrue(write.header("RateLimit").startsWith("\"writes\";r=39;t="), write.header("RateLimit"));
    }

    @Test
    void aSpentWriteBudgetIsA429ProblemWithRetryAfterAndReadsGoOn() {
        String token = TestTokens.forUser("writer-" + UUID.randomUUID());
        for (int i = 0; i < 40; i++) {
            given().auth().oauth2(token).contentType("application/json").body(entry()).post("/api/v1/entries").then().statusCode(201);
        }
        Response refused = given().auth().oauth2(token).contentType("application/json").body(entry()).post("/api/v1/entries");
        assertEquals(429, refused.statusCode(), refused.asString());
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        assertTrue(refused.asString().contains("too-many-requests"));
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertTrue(refused.header("RateLimit").startsWith("\"writes\";r=0;"), refused.header("RateLimit"));
        given().auth().oauth2(token).get("/api/v1/entries?limit=100").then().statusCode(200);
        given().auth().oauth2(TestTokens.forUser("someone-else-" + UUID.randomUUID())).contentType("application/json").body(entry())
                .post("/api/v1/entries").then().statusCode(201);
    }

    @Test
    void aSpentReadBudgetIsA429() {
        String token = TestTokens.forUser("reader-" + UUID.randomUUID());
        for (int i = 0; i < 100; i++) {
            given().auth().oauth2(token).get("/api/v1/entries?limit=1").then().statusCode(200);
        }
        Response refused = given().auth().oauth2(token).get("/api/v1/entries?limit=1");
        assertEquals(429, refused.statusCode());
        assertTrue(refused.header("RateLimit").startsWith("\"reads\";r=0;"));
    }

    @Test
    void onePersonsBurstIsBoundedAndOthersAreServed() throws Exception {
        String flooder = TestTokens.forUser("flood-" + UUID.randomUUID());
        for (int i = 0; i < 30; i++) {
            given().auth().oauth2(flooder).contentType("application/json").body(entry()).post("/api/v1/entries").then().statusCode(201);
        }
        String other = TestTokens.forUser("calm-" + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> flood = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                flood.add(pool.submit(() -> {
                    start.await();
                    return given().auth().oauth2(flooder).get("/api/v1/entries?limit=100");
                }));
            }
            start.countDown();
            Response calm = given().auth().oauth2(other).get("/api/v1/entries?limit=100");
            assertEquals(200, calm.statusCode(), "another person is served during the burst");
            int ok = 0;
            int tooMany = 0;
            for (Future<Response> f : flood) {
                Response r = f.get();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(429, r.statusCode(), r.asString());
                    assertEquals("1", r.header("Retry-After"));
                    assertTrue(r.contentType().startsWith("application/problem+json"));
                    tooMany++;
                }
            }
            assertTrue(ok >= 4, ok + " served");
            assertTrue(tooMany >= 1, "64 requests at once by one person: some are told to wait (" + ok + " served)");
        } finally {
            pool.shutdownNow();
        }
        // Once the burst is over, the same person is served again at once.
        given().auth().oauth2(flooder).get("/api/v1/entries?limit=100").then().statusCode(200);
    }
}
