package app.openly.platform.i18n;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextsTest {

    @Test
    void aWholeBundleHasNoProblemsAndSpeaksEachLanguage() {
        Texts whole = new Texts("whole", TextsTest.class);
        assertEquals(List.of(), whole.problems());
        assertEquals("Hallo Ana", whole.text(Locale.GERMAN, "greeting", "Ana"));
        assertEquals("Hello Ana", whole.text(Locale.ENGLISH, "greeting", "Ana"));
        // A language we do not speak falls back to English, never to the machine's default locale.
        assertEquals("Hello Ana", whole.text(Locale.JAPANESE, "greeting", "Ana"));
        assertEquals("À bientôt.", whole.text(Locale.forLanguageTag("fr-CA"), "farewell"));
    }

    @Test
    void missingKeysDifferentPlaceholdersExtraKeysAndLoneApostrophesAreReported() {
        List<String> problems = new Texts("broken", TextsTest.class).problems();
        assertTrue(problems.contains("i18n/broken_de: greeting has placeholders [] but English has [0]"), problems.toString());
        assertTrue(problems.contains("i18n/broken_es: missing note"), problems.toString());
        assertTrue(problems.contains("i18n/broken_fr: extra is not in the English bundle"), problems.toString());
        assertTrue(problems.contains("i18n/broken_fr: note has a lone ' (it would vanish; write ’)"), problems.toString());
        assertEquals(4, problems.size(), problems.toString());
    }

    @Test
    void acceptLanguagePicksTheBestLanguageWeSpeak() {
        assertEquals(Locale.GERMAN, Languages.fromAcceptLanguage("de-AT,de;q=0.9,en;q=0.8"));
        assertEquals(Locale.FRENCH, Languages.fromAcceptLanguage("ja, fr-CH;q=0.7, en;q=0.5"));
        assertEquals("es", Languages.fromAcceptLanguage("pt-BR, es-MX;q=0.8").getLanguage());
        assertEquals(Locale.ENGLISH, Languages.fromAcceptLanguage("ja, zh;q=0.5"));
        assertEquals(Locale.ENGLISH, Languages.fromAcceptLanguage(null));
        assertEquals(Locale.ENGLISH, Languages.fromAcceptLanguage(";;;===garbage"));
        assertEquals(Locale.ENGLISH, Languages.fromAcceptLanguage("de;q=0, en"));
    }

    @Test
    void pluralsAndNumbersFollowTheLanguage() {
        Texts t = new Texts("whole", TextsTest.class);
        assertEquals("Hallo 1.234,5", t.text(Locale.GERMAN, "greeting", 1234.5));
        assertEquals("Hello 1,234.5", t.text(Locale.ENGLISH, "greeting", 1234.5));
    }
}
