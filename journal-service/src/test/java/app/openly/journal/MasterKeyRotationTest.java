package app.openly.journal;

import app.openly.journal.domain.crypto.EntryCipher;
import app.openly.journal.domain.crypto.MasterKeyRotation;
import app.openly.journal.domain.crypto.MasterKeys;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A master-key rotation on real PostgreSQL: the service runs with a new master key and the old one as
 * previous; data keys wrapped with the old key (with its id, or from before ids were stored) still open,
 * and the rotation job re-wraps them all with the new key without touching any entry.
 */
@QuarkusTest
@TestProfile(MasterKeyRotationTest.RotatedMasterKey.class)
@WithTestResource(RotationTestInfrastructure.class)
class MasterKeyRotationTest {

    /** The master key every other test runs with (application.properties, %test). */
    static final String OLD = "dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMtLS0=";
    static final String NEW = "bmV3LXRlc3QtbWFzdGVyLWtleS0zMi1ieXRlcy0tLS0=";

    public static class RotatedMasterKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openly.crypto.master-key", NEW, "openly.crypto.previous-master-keys", OLD,
                    "openly.crypto.rewrap-batch-size", "1");
        }
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    MasterKeyRotation rotation;
    @Inject
    EntryCipher cipher;

    @Test
    void entriesStayReadableThroughARotationAndEveryDataKeyEndsUnderTheNewMasterKey() throws Exception {
        MasterKeys oldKeys = new MasterKeys(OLD, List.of());
        MasterKeys newKeys = new MasterKeys(NEW, List.of());
        String withId = "rot-" + UUID.randomUUID();
        String beforeIds = "rot-legacy-" + UUID.randomUUID();
        String idWithId = write(withId, "Walnut-harbour I said what I needed");
        String idBeforeIds = write(beforeIds, "Cobalt-meadow I asked for help");
        // As if both had written before the rotation: their data keys wrapped by the old master key.
        wrapWithOldKey(withId, newKeys, oldKeys, oldKeys.currentId());
        wrapWithOldKey(beforeIds, newKeys, oldKeys, null);

        read(withId, idWithId).body("sentence", equalTo("Walnut-harbour I said what I needed"));
        read(beforeIds, idBeforeIds).body("sentence", equalTo("Cobalt-meadow I asked for help"));
        assertTrue(cipher.anyWrappedByAnotherMasterKey());

        assertTrue(rotation.rewrapAll() >= 2, "batches of one, until none is left");
        assertEquals(0, count("select count(*) from person_key where master_key_id is distinct from ?", newKeys.currentId()));
        assertEquals(0, rotation.rewrapAll(), "nothing left to re-wrap");
        assertFalse(cipher.anyWrappedByAnotherMasterKey());
        read(withId, idWithId).body("sentence", equalTo("Walnut-harbour I said what I needed"));
        read(beforeIds, idBeforeIds).body("sentence", equalTo("Cobalt-meadow I asked for help"));
    }

    private static String write(String user, String sentence) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json")
                .body("""
                        {"practice":"HONEST_SENTENCE","occurredAt":"2026-11-24T13:05:00+01:00","timeZone":"Europe/Berlin","sentence":"%s","courage":3}"""
                        .formatted(sentence))
                .post("/api/v1/entries").then().statusCode(201).extract().path("id");
    }

    private static io.restassured.response.ValidatableResponse read(String user, String id) {
        return given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/entries/" + id).then().statusCode(200);
    }

    private void wrapWithOldKey(String user, MasterKeys current, MasterKeys old, String storedId) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            byte[] wrapped;
            String id;
            try (PreparedStatement s = c.prepareStatement("select wrapped_key, master_key_id from person_key where user_id = ?")) {
                s.setString(1, user);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    wrapped = rs.getBytes(1);
                    id = rs.getString(2);
                }
            }
            assertEquals(current.currentId(), id, "new data keys are wrapped with the current master key");
            byte[] dataKey = current.unwrap(user, new MasterKeys.Wrapped(wrapped, id));
            try (PreparedStatement s = c.prepareStatement("update person_key set wrapped_key = ?, master_key_id = ? where user_id = ?")) {
                s.setBytes(1, old.wrap(user, dataKey).bytes());
                s.setString(2, storedId);
                s.setString(3, user);
                assertEquals(1, s.executeUpdate());
            }
        }
    }

    private long count(String sql, String arg) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
