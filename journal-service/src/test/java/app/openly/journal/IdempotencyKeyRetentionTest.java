package app.openly.journal;

import app.openly.journal.domain.IdempotencyKeyRetention;
import app.openly.journal.domain.IdempotencyKeyStore;
import app.openly.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency-Keys are remembered for a day (the default), then forgotten; younger keys still replay. */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class IdempotencyKeyRetentionTest {

    private static final String BODY = """
            {"practice":"BODY_ANCHOR","occurredAt":"2026-11-24T21:05:00+01:00","timeZone":"Europe/Berlin","breaths":6,"handOnHeart":true}""";

    @Inject
    IdempotencyKeyRetention retention;
    @Inject
    IdempotencyKeyStore store;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Clock clock; // the service's clock: keys' created_at and the cutoff both come from it

    @Test
    void aKeyOlderThanADayIsForgottenAndAYoungerOneStillReplays() throws Exception {
        String user = "keys-" + UUID.randomUUID();
        String oldKey = "old-" + UUID.randomUUID();
        String youngKey = "young-" + UUID.randomUUID();
        String oldEntry = post(user, oldKey);
        String youngEntry = post(user, youngKey);
        // The first key was used 25 hours ago, the second 23: only the first is past the day.
        backdate(user, oldKey, Duration.ofHours(25));
        backdate(user, youngKey, Duration.ofHours(23));

        IdempotencyKeyStore.Deleted run = retention.deleteExpired();

        assertTrue(run.keys() >= 1, "at least this test's old key: " + run);
        assertEquals(0, keys(user, oldKey));
        assertEquals(1, keys(user, youngKey));
        assertEquals(youngEntry, post(user, youngKey), "a key within the day still names its entry");
        String anew = post(user, oldKey);
        assertNotEquals(oldEntry, anew, "a forgotten key records anew");
        assertEquals(1, keys(user, oldKey), "and is remembered again from now");
        as(user).get("/api/v1/entries").then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(3)); // the old entry itself is kept: only its key went
    }

    @Test
    void theCutoffIsADayBeforeNowAndBatchesRunUntilNothingIsLeft() throws Exception {
        Instant cutoff = retention.cutoff();
        long agoSeconds = Duration.between(cutoff, clock.instant()).toSeconds();
        assertTrue(Math.abs(agoSeconds - Duration.ofHours(24).toSeconds()) < 1, "kept for 24 h by default: " + agoSeconds);

        String user = "batch-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            String key = "k" + i;
            post(user, key);
            backdate(user, key, Duration.ofDays(3));
        }
        // Two per statement: 5 keys (and any other test's expired ones) take at least 3 batches plus the empty one.
        IdempotencyKeyStore.Deleted run = store.deleteCreatedBefore(cutoff, 2);
        assertTrue(run.keys() >= 5 && run.batches() >= 4, run.toString());
        assertEquals(0, count("select count(*) from idempotency_key where user_id = ?", user));
        assertEquals(0, count("select count(*) from idempotency_key where created_at < ?", cutoff));
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(TestTokens.forUser(user, "org-acme")).contentType("application/json");
    }

    private static String post(String user, String key) {
        return as(user).header("Idempotency-Key", key).body(BODY).post("/api/v1/entries").then().statusCode(201).extract().path("id");
    }

    private void backdate(String user, String key, Duration ago) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("update idempotency_key set created_at = ? where user_id = ? and key = ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(clock.instant().minus(ago)));
            ps.setString(2, user);
            ps.setString(3, key);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private long keys(String user, String key) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from idempotency_key where user_id = ? and key = ?")) {
            ps.setString(1, user);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long count(String sql, Object parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter instanceof Instant at) {
                ps.setTimestamp(1, java.sql.Timestamp.from(at));
            } else {
                ps.setString(1, (String) parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
