package app.openly.journal.domain.logic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Ritual invitation codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, U/V),
 * easy to read aloud or type from another screen: 29^8 ≈ 5·10^11 codes, valid 24 h, with
 * guessing rate-limited per person and globally. Pure (the random source is passed in).
 */
public final class InvitationCodes {

    public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ";
    public static final int LENGTH = 8;

    private InvitationCodes() {
    }

    public static String generate(SecureRandom random) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /**
     * The code as typed, normalized: case, spaces and dashes do not matter ("abcd-efgh"). Empty when it
     * cannot be a code at all (wrong length or a character outside the alphabet).
     */
    public static Optional<String> normalize(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String code = typed.replace("-", "").replace(" ", "").toUpperCase(java.util.Locale.ROOT);
        if (code.length() != LENGTH || !code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(code);
    }

    /** Grouped for reading: "ABCD-EFGH". */
    public static String display(String code) {
        return code.substring(0, 4) + "-" + code.substring(4);
    }

    /** What is stored instead of the code (hex SHA-256 of the normalized code). */
    public static String hash(String normalizedCode) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalizedCode.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
