package app.openly.journal.domain.themes;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Deterministic, explainable theme tags from a person's own words: a word list per theme, matched on
 * word stems, ignoring words that a nearby negation turns around ("not afraid" is not fear).
 * Runs in journal-service before encryption; only the tags ever leave the service.
 */
public final class ThemeClassifier {

    /** Stems per theme. A token matches a stem when it starts with it (so "rejected" matches "reject"). */
    static final Map<String, List<String>> THEMES = new LinkedHashMap<>();

    static {
        THEMES.put("fear-of-rejection", List.of("reject", "abandon", "left out", "push me away", "pull away", "judg", "scared they", "afraid they", "too much for"));
        THEMES.put("shame", List.of("shame", "ashamed", "embarrass", "humiliat", "fraud", "stupid", "worthless", "ruin"));
        THEMES.put("self-worth", List.of("enough", "worth", "deserve", "failing", "failure", "not good", "inadequa", "imposter", "impostor"));
        THEMES.put("gratitude", List.of("grateful", "gratitude", "thank", "appreciat", "blessed"));
        THEMES.put("connection", List.of("connect", "close to", "closer", "together", "heard", "understood", "seen", "hug"));
        THEMES.put("trust", List.of("trust", "honest", "safe with", "rely", "open up", "opened up"));
        THEMES.put("boundaries", List.of("boundar", "said no", "need more time", "need space", "limit", "overwhelm"));
        THEMES.put("grief", List.of("grief", "griev", "loss", "lost", "passed away", "funeral", "mourn", "died"));
        THEMES.put("family", List.of("mother", "mom", "mum", "father", "dad", "sister", "brother", "parent", "family", "daughter", "son", "grandm", "grandf"));
        THEMES.put("partner", List.of("partner", "husband", "wife", "boyfriend", "girlfriend", "spouse", "fiance"));
        THEMES.put("work", List.of("work", "job", "colleague", "boss", "manager", "office", "meeting", "career"));
        THEMES.put("friendship", List.of("friend"));
        THEMES.put("body", List.of("breath", "heart", "chest", "body", "tense", "tight", "shoulder", "stomach", "calm"));
        THEMES.put("loneliness", List.of("lonely", "alone", "isolat", "nobody", "no one", "miss "));
        THEMES.put("hope", List.of("hope", "hopeful", "looking forward", "optimis", "better tomorrow", "learning"));
        THEMES.put("fear", List.of("afraid", "scared", "fear", "anxious", "anxiety", "nervous", "panic", "worried", "worry"));
    }

    /** Words that negate what follows within {@link #NEGATION_WINDOW} tokens. */
    static final Set<String> NEGATIONS = Set.of("not", "no", "never", "without", "hardly", "nor", "isnt", "wasnt", "dont",
            "didnt", "doesnt", "arent", "werent", "cant", "cannot", "wont", "im not", "nothing");
    static final int NEGATION_WINDOW = 3;
    private static final int MAX_THEMES = 5;
    // Compiled once: classify runs on every write, and String.replaceAll/split compiled these per call (with the
    // stems' splitting below, about 6 % of journal-service's CPU under POST load, issue 17 JFR profile).
    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9]+");
    /** Each theme's stems, split into words once. */
    private static final Map<String, List<Stem>> STEMS = new LinkedHashMap<>();

    /** A stem as matched: its words, whether its last word must match exactly ("miss "), whether it carries its own negation. */
    private record Stem(String[] words, boolean exactLast, boolean negative) {
    }

    /** The themes in their order (ties in score go to the earlier one). */
    private static final String[] THEME_NAMES;
    /**
     * Every stem filed under the first character of its first word, with its theme's index: a token can only begin a
     * match of a stem that starts with the token's first character, so each token is compared with the few stems under
     * that character instead of all ~120 (issue 17: the scan of every stem over every token was ~4 % of journal's CPU
     * per POST /entries). Tokens are [a-z0-9] only ({@link #NON_WORD}), hence 128 slots.
     */
    private static final IndexedStem[][] BY_FIRST_CHAR = new IndexedStem[128][];

    private record IndexedStem(int theme, Stem stem) {
    }

    static {
        THEMES.forEach((theme, stems) -> STEMS.put(theme, stems.stream().map(stem -> {
            String[] words = stem.trim().split(" ");
            return new Stem(words, stem.endsWith(" "), NEGATIONS.contains(words[0]));
        }).toList()));
        THEME_NAMES = THEMES.keySet().toArray(String[]::new);
        List<List<IndexedStem>> byChar = new ArrayList<>();
        for (int c = 0; c < BY_FIRST_CHAR.length; c++) {
            byChar.add(new ArrayList<>());
        }
        for (int t = 0; t < THEME_NAMES.length; t++) {
            for (Stem stem : STEMS.get(THEME_NAMES[t])) {
                byChar.get(stem.words()[0].charAt(0)).add(new IndexedStem(t, stem));
            }
        }
        for (int c = 0; c < BY_FIRST_CHAR.length; c++) {
            BY_FIRST_CHAR[c] = byChar.get(c).toArray(IndexedStem[]::new);
        }
    }

    private ThemeClassifier() {
    }

    /** Theme tags for the texts, strongest first (ties by theme order), at most {@value #MAX_THEMES}. */
    public static List<String> classify(List<String> texts) {
        // Hits per theme: each occurrence of a stem that no negation turns around, summed over stems and texts.
        int[] hits = new int[THEME_NAMES.length];
        for (String text : texts) {
            if (text == null || text.isBlank()) {
                continue;
            }
            List<String> tokens = tokenize(text);
            for (int i = 0; i < tokens.size(); i++) {
                char first = tokens.get(i).charAt(0);
                if (first >= BY_FIRST_CHAR.length) {
                    continue; // cannot happen for [a-z0-9] tokens; no stem starts there either
                }
                for (IndexedStem candidate : BY_FIRST_CHAR[first]) {
                    Stem stem = candidate.stem();
                    if (i + stem.words().length <= tokens.size() && matches(tokens, i, stem.words(), stem.exactLast())
                            // "not good" or "no one" carry their own negation: matched as a whole, never negated away.
                            && (stem.negative() || !negatedBefore(tokens, i))) {
                        hits[candidate.theme()]++;
                    }
                }
            }
        }
        List<Integer> found = new ArrayList<>();
        for (int t = 0; t < hits.length; t++) {
            if (hits[t] > 0) {
                found.add(t);
            }
        }
        // Stronger first; equal scores in theme order (a stable sort of indexes already in theme order).
        found.sort(Comparator.comparingInt((Integer t) -> hits[t]).reversed());
        return found.stream().limit(MAX_THEMES).map(t -> THEME_NAMES[t]).toList();
    }

    static List<String> tokenize(String text) {
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("")
                .toLowerCase(Locale.ROOT)
                .replace("n't", "nt").replace("’", "").replace("'", "");
        List<String> tokens = new ArrayList<>();
        for (String t : NON_WORD.split(plain)) {
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        return tokens;
    }

    private static boolean matches(List<String> tokens, int at, String[] stemWords, boolean exactLast) {
        for (int k = 0; k < stemWords.length; k++) {
            String token = tokens.get(at + k);
            boolean last = k == stemWords.length - 1;
            // Only the last word of a stem is a prefix ("push me away" needs "push" and "me" exactly).
            boolean ok = last && !exactLast ? token.startsWith(stemWords[k]) : token.equals(stemWords[k]);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean negatedBefore(List<String> tokens, int index) {
        for (int j = Math.max(0, index - NEGATION_WINDOW); j < index; j++) {
            if (NEGATIONS.contains(tokens.get(j))) {
                return true;
            }
        }
        return false;
    }
}
