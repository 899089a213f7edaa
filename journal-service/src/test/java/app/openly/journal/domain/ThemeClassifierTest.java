package app.openly.journal.domain;

import app.openly.journal.domain.themes.ThemeClassifier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

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

    /**
     * The classifier looks each token up among the stems starting with its first character (issue 17) instead of scanning
     * every stem over every token: the answers must be the scan's. The scan is kept here as the reference, run on
     * random texts made of the stems themselves (single and multi-word, prefixes of longer words), negations at every
     * distance, apostrophes, accents, capitals and filler, one to three texts per entry.
     */
    @Test
    void answersAsTheFullScanOfEveryStemDoes() {
        List<String> words = new ArrayList<>(List.of("the", "a", "I", "me", "it", "was", "today", "and", "so", "x", "n't", "Don't",
                "didn\u2019t", "caf\u00e9", "\u00c9motion", "im", "not", "no", "never", "nothing", "without", "cannot", "1", "2a", ",", ".", "!"));
        ThemeClassifierReference.STEMS.values().forEach(stems -> stems.forEach(stem -> {
            words.add(stem.trim());
            words.add(stem.trim() + "ed");
            words.add(stem.trim().toUpperCase());
        }));
        Random random = new Random(17);
        int withThemes = 0;
        for (int n = 0; n < 3000; n++) {
            List<String> texts = new ArrayList<>();
            for (int t = 1 + random.nextInt(3); t > 0; t--) {
                StringBuilder text = new StringBuilder();
                for (int w = random.nextInt(40); w > 0; w--) {
                    text.append(words.get(random.nextInt(words.size()))).append(random.nextInt(5) == 0 ? ", " : " ");
                }
                texts.add(text.toString());
            }
            List<String> expected = ThemeClassifierReference.classify(texts);
            assertEquals(expected, ThemeClassifier.classify(texts), texts.toString());
            withThemes += expected.isEmpty() ? 0 : 1;
        }
        assertTrue(withThemes > 2000, "the random texts found themes: " + withThemes);
    }

    /** The classifier as it was before the index (issue 17): every stem scanned over every token. */
    private static final class ThemeClassifierReference {

        static final Map<String, List<String>> STEMS = themes();

        private static Map<String, List<String>> themes() {
            try {
                var field = ThemeClassifier.class.getDeclaredField("THEMES");
                field.setAccessible(true);
                @SuppressWarnings("unchecked")
                Map<String, List<String>> themes = (Map<String, List<String>>) field.get(null);
                return themes;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        static List<String> classify(List<String> texts) {
            Map<String, Integer> scores = new LinkedHashMap<>();
            for (String text : texts) {
                if (text == null || text.isBlank()) {
                    continue;
                }
                List<String> tokens = tokenize(text);
                for (var theme : STEMS.entrySet()) {
                    int hits = 0;
                    for (String stem : theme.getValue()) {
                        String[] stemWords = stem.trim().split(" ");
                        boolean negative = NEGATIONS.contains(stemWords[0]);
                        for (int i = 0; i + stemWords.length <= tokens.size(); i++) {
                            boolean ok = true;
                            for (int k = 0; k < stemWords.length && ok; k++) {
                                boolean last = k == stemWords.length - 1;
                                ok = last && !stem.endsWith(" ") ? tokens.get(i + k).startsWith(stemWords[k]) : tokens.get(i + k).equals(stemWords[k]);
                            }
                            if (ok && (negative || !negatedBefore(tokens, i))) {
                                hits++;
                            }
                        }
                    }
                    if (hits > 0) {
                        scores.merge(theme.getKey(), hits, Integer::sum);
                    }
                }
            }
            List<String> order = new ArrayList<>(STEMS.keySet());
            return scores.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                            .thenComparingInt(e -> order.indexOf(e.getKey())))
                    .limit(5).map(Map.Entry::getKey).toList();
        }

        static final java.util.Set<String> NEGATIONS = java.util.Set.of("not", "no", "never", "without", "hardly", "nor", "isnt", "wasnt", "dont",
                "didnt", "doesnt", "arent", "werent", "cant", "cannot", "wont", "im not", "nothing");

        static List<String> tokenize(String text) {
            String plain = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                    .toLowerCase(java.util.Locale.ROOT).replace("n't", "nt").replace("\u2019", "").replace("'", "");
            List<String> tokens = new ArrayList<>();
            for (String t : plain.split("[^a-z0-9]+")) {
                if (!t.isEmpty()) {
                    tokens.add(t);
                }
            }
            return tokens;
        }

        static boolean negatedBefore(List<String> tokens, int index) {
            for (int j = Math.max(0, index - 3); j < index; j++) {
                if (NEGATIONS.contains(tokens.get(j))) {
                    return true;
                }
            }
            return false;
        }
    }
}
