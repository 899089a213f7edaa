package app.openly.journal;

import app.openly.events.Topics;
import app.openly.testsupport.TestClock;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Writes over a person's rate are refused with 429 + Retry-After, store nothing and emit nothing; others are unaffected. */
@QuarkusTest
@TestProfile(WriteRateLimitTest.ThreeWritesPerMinute.class)
@WithTestResource(JournalTestInfrastructure.class)
class WriteRateLimitTest {

    public static class ThreeWritesPerMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openly.journal.rate-limit.writes-per-minute", "3");
        }
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TestClock clock;

    @Test
    void theFourthWriteInAMinuteIs429WithRetryAfterAndLeavesNoTrace() throws Exception {
        String user = "eager-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            post(user).then().statusCode(201);
        }
        post(user).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
        assertEquals(3, count("select count(*) from journal_entry where user_id = ?", user));
        assertEquals(3, TestKafka.publishedEventsOf(Topics.JOURNAL_ENTRY_EVENTS, user, dataSource, Duration.ofSeconds(20)).size(),
                "the refused write emitted nothing: three entries, three events");
        // Other people keep their own budget.
        post("calm-" + UUID.randomUUID()).then().statusCode(201);
    }

    @Test
    void theBudgetIsSharedByEveryReplicaAndARetryOfADoneWriteSpendsNothing() throws Exception {
        String user = "busy-" + UUID.randomUUID();
        String first = given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").header("Idempotency-Key", "k-1")
                .body(WalkingSkeletonTest.BODY_ANCHOR).post("/api/v1/entries").then().statusCode(201).extract().path("id");
        // Another replica spent the rest of this person's budget just now: the row in the shared database says so.
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("update write_allowance set tokens = 0, refilled_at = ? where user_id = ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(clock.instant())); // "just now" on the service's clock
            ps.setString(2, user);
            assertEquals(1, ps.executeUpdate());
        }
        post(user).then().statusCode(429).header("Retry-After", matchesPattern("[1-9][0-9]*"));
        // The mobile client retrying its earlier write (same Idempotency-Key) still gets its entry.
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").header("Idempotency-Key", "k-1")
                .body(WalkingSkeletonTest.BODY_ANCHOR).post("/api/v1/entries").then().statusCode(201)
                .body("id", org.hamcrest.Matchers.equalTo(first));
        assertEquals(1, count("select count(*) from journal_entry where user_id = ?", user));
        assertEquals(1, TestKafka.publishedEventsOf(Topics.JOURNAL_ENTRY_EVENTS, user, dataSource, Duration.ofSeconds(20)).size(),
                "neither the refused write nor the retry emitted anything");
    }

    private static io.restassured.response.Response post(String user) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json")
                .body(WalkingSkeletonTest.BODY_ANCHOR).post("/api/v1/entries");
    }

    private long count(String sql, String user) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
