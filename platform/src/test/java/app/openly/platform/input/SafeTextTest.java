package app.openly.platform.input;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTextTest {

    @Test
    void textWithEmojiLineBreaksAndTabsIsSafe() {
        assertTrue(SafeText.isSafe("Ich war heute mutig 💪🏽\n\tמחר"));
    }

    @Test
    void controlBidiAndUnpairedSurrogatesAreNot() {
        for (String s : new String[]{"\u0000", "\u001B", "\u202E", "\u2067", "\uD83D", "\uDE00", "\u009B"}) {
            assertFalse(SafeText.isSafe("ok" + s), Integer.toHexString(s.charAt(0)));
        }
    }

    @Test
    void echoedNamesAreShortAndEscaped() {
        String echoed = SafeText.echo("<script>" + "x".repeat(20_000), 64);
        assertTrue(echoed.startsWith("\\u003Cscript\\u003E"));
        assertTrue(echoed.length() < 64 * 6 + 2);
        assertFalse(echoed.contains("<"));
        assertEquals("timeZone", SafeText.echo("timeZone", 64));
    }
}
