package app.openly.journal.domain;

import app.openly.journal.domain.themes.ThemeClassifier;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThemeClassifierTest {

    private static List<String> themes(String... texts) {
        return ThemeClassifier.classify(List.of(texts));
    }

    @Test
    void findsThemesFromWordStems() {
        List<String> t = themes("I told my sister I've been lonely since the move, and I'm afraid she'll reject me.");
        assertTrue(t.contains("family"), t.toString());
        assertTrue(t.contains("loneliness"), t.toString());
        assertTrue(t.contains("fear-of-rejection"), t.toString());
        assertTrue(t.contains("fear"), t.toString());
    }

    @Test
    void negationTurnsAWordAround() {
        assertFalse(themes("I was not afraid at all").contains("fear"));
        assertFalse(themes("I'm not ashamed of it").contains("shame"));
        assertFalse(themes("There's nothing to be ashamed of").contains("shame"));
        assertTrue(themes("I was afraid, not calm").contains("fear"));
        // A phrase that carries its own negation is matched as a whole.
        assertTrue(themes("I feel I'm not good enough").contains("self-worth"));
    }

    @Test
    void isDeterministicAndBounded() {
        String text = "thank you partner friend work mother breath lonely hope trust grief boundaries";
        assertEquals(themes(text), themes(text));
        assertEquals(5, themes(text).size());
        assertEquals(List.of(), themes("", "   "));
    }

    @Test
    void strongerThemesComeFirst() {
        assertEquals("gratitude", themes("Thank you, I'm so grateful, thanks for work").get(0));
    }
}
