package app.openly.journal.domain.crypto;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MasterKeysTest {

    private static final String A = Base64.getEncoder().encodeToString(Aead.randomKeyBytes());
    private static final String B = Base64.getEncoder().encodeToString(Aead.randomKeyBytes());

    @Test
    void aDataKeyWrappedWithThePreviousMasterKeyOpensAfterRotationAndIsRewrappedWithTheNewOne() {
        byte[] dataKey = Aead.randomKeyBytes();
        MasterKeys before = new MasterKeys(A, List.of());
        MasterKeys.Wrapped old = before.wrap("ana", dataKey);
        assertEquals(before.currentId(), old.masterKeyId());

        MasterKeys rotated = new MasterKeys(B, List.of(A));
        assertNotEquals(before.currentId(), rotated.currentId());
        assertArrayEquals(dataKey, rotated.unwrap("ana", old), "opened with the previous key, by its id");
        assertArrayEquals(dataKey, rotated.unwrap("ana", new MasterKeys.Wrapped(old.bytes(), null)), "a row from before ids: tried");

        MasterKeys.Wrapped rewrapped = rotated.wrap("ana", rotated.unwrap("ana", old));
        assertEquals(rotated.currentId(), rewrapped.masterKeyId());
        // Once everything is re-wrapped, the previous key can go.
        assertArrayEquals(dataKey, new MasterKeys(B, List.of()).unwrap("ana", rewrapped));
    }

    @Test
    void droppingAMasterKeyTooEarlyIsAClearErrorNotGarbage() {
        MasterKeys.Wrapped old = new MasterKeys(A, List.of()).wrap("ana", Aead.randomKeyBytes());
        var e = assertThrows(IllegalStateException.class, () -> new MasterKeys(B, List.of()).unwrap("ana", old));
        assertTrue(e.getMessage().contains("neither the current nor a previous master key"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new MasterKeys(B, List.of()).unwrap("ana", new MasterKeys.Wrapped(old.bytes(), null)));
    }

    @Test
    void aWrappedKeyIsBoundToItsOwnerAndIdsRevealNothingOfTheKey() {
        MasterKeys keys = new MasterKeys(A, List.of());
        MasterKeys.Wrapped wrapped = keys.wrap("ana", Aead.randomKeyBytes());
        assertThrows(IllegalStateException.class, () -> keys.unwrap("ben", wrapped), "copied onto another person it does not open");
        assertEquals(keys.currentId(), new MasterKeys(A, List.of()).currentId(), "ids are stable");
        assertEquals(16, keys.currentId().length());
        byte[] raw = Base64.getDecoder().decode(A);
        assertFalse(java.util.HexFormat.of().formatHex(raw).contains(keys.currentId()), "the id is not the key");
        assertThrows(IllegalStateException.class, () -> new MasterKeys("not base64!", List.of()));
        assertThrows(IllegalStateException.class, () -> new MasterKeys(A, List.of(Base64.getEncoder().encodeToString(new byte[16]))));
    }
}
