package app.openly.journal.claims;

import app.openly.journal.JournalTestInfrastructure;
import app.openly.journal.domain.crypto.EntryCipher;
import app.openly.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The claim of EntryCipher: a ciphertext opens only for its own person and entry, and any change to its
 * bytes is detected. Moving it to another row or person, or flipping one bit, must not give text back.
 */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class CiphertextBindingTest {

    private static final byte[] TEXT = "I told my sister I was scared".getBytes(StandardCharsets.UTF_8);

    @Inject
    EntryCipher cipher;
    @Inject
    AgroalDataSource dataSource;

    private byte[] seal(String user, String entry) {
        return QuarkusTransaction.requiringNew().call(() -> cipher.encrypt(user, entry, TEXT));
    }

    private byte[] open(String user, String entry, byte[] sealed) {
        return QuarkusTransaction.requiringNew().call(() -> cipher.decrypt(user, entry, sealed));
    }

    @Test
    void aCiphertextOpensOnlyForItsPersonAndEntryAndUnchanged() {
        String alice = "ct-a-" + UUID.randomUUID();
        String bob = "ct-b-" + UUID.randomUUID();
        String entry = UUID.randomUUID().toString();
        byte[] sealed = seal(alice, entry);
        seal(bob, UUID.randomUUID().toString()); // bob has a data key of his own

        assertArrayEquals(TEXT, open(alice, entry, sealed), "its own person and entry read it");
        assertThrows(RuntimeException.class, () -> open(alice, UUID.randomUUID().toString(), sealed), "moved to another entry of hers");
        assertThrows(RuntimeException.class, () -> open(bob, entry, sealed), "moved to another person, same entry id");
        for (int at : new int[]{0, sealed.length / 2, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[at] ^= 0x01;
            assertThrows(RuntimeException.class, () -> open(alice, entry, tampered), "one bit flipped at byte " + at);
        }
    }

    @Test
    void aCiphertextCopiedOntoAnotherRowInTheDatabaseIsNeverServedAsThatRowsText() throws Exception {
        String alice = "ct-db-" + UUID.randomUUID();
        String token = TestTokens.forUser(alice, "org-acme");
        String secret = "Zebra-" + UUID.randomUUID();
        String first = post(token, "2026-11-24T09:00:00+01:00", secret);
        String second = post(token, "2026-11-24T10:00:00+01:00", "something plain");

        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "update journal_entry set content = (select content from journal_entry where id = ?) where id = ?")) {
            s.setObject(1, UUID.fromString(first));
            s.setObject(2, UUID.fromString(second));
            s.executeUpdate();
        }
        var response = given().auth().oauth2(token).get("/api/v1/entries/" + second).then()
                .body(not(containsString(secret))).extract();
        assertNotEquals(200, response.statusCode(), "the moved ciphertext does not open as the other entry");
    }

    private static String post(String token, String at, String sentence) {
        return given().auth().oauth2(token).contentType("application/json").body("""
                        {"practice":"HONEST_SENTENCE","occurredAt":"%s","timeZone":"Europe/Berlin","sentence":"%s","courage":3}"""
                        .formatted(at, sentence))
                .post("/api/v1/entries").then().statusCode(201).extract().path("id");
    }
}
