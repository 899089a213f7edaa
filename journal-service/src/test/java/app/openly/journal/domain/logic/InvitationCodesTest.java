package app.openly.journal.domain.logic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvitationCodesTest {

    @Test
    void codesHaveEightCharactersWithoutLookAlikes() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String code = InvitationCodes.generate(random);
            assertTrue(code.matches("[23456789ABCDEFGHJKMNPQRSTWXYZ]{8}"), code);
            seen.add(code);
        }
        assertEquals(2000, seen.size(), "2000 draws from 29^8 codes do not repeat");
        for (char lookAlike : "01OIL UV".toCharArray()) {
            assertFalse(InvitationCodes.ALPHABET.indexOf(lookAlike) >= 0, "alphabet has " + lookAlike);
        }
    }

    @Test
    void typedCodesIgnoreCaseSpacesAndTheDash() {
        assertEquals(Optional.of("ABCD2345"), InvitationCodes.normalize("abcd-2345"));
        assertEquals(Optional.of("ABCD2345"), InvitationCodes.normalize(" ABCD 2345 "));
        assertEquals("ABCD-2345", InvitationCodes.display("ABCD2345"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ABCD234", "ABCD23456", "ABCD-O345", "ABCD-1345", "ABCD%2345"})
    void whatCannotBeACodeIsNoCode(String typed) {
        assertTrue(InvitationCodes.normalize(typed).isEmpty(), typed);
    }

    @Test
    void onlyAHashIsStoredAndItDependsOnEveryCharacter() {
        String hash = InvitationCodes.hash("ABCD2345");
        assertEquals(64, hash.length());
        assertFalse(hash.contains("ABCD2345"));
        assertEquals(hash, InvitationCodes.hash("ABCD2345"));
        assertNotEquals(hash, InvitationCodes.hash("ABCD2346"));
    }
}
