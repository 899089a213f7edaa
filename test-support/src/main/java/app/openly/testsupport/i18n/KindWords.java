package app.openly.testsupport.i18n;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Phrasings Openly never uses, per language: shame, blame, pressure and urgency. Every service's wording test
 * runs every sentence of its bundles through {@link #violations}; a translation is held to the same care as the
 * English. Matching is on lower case with typographic apostrophes made plain, as substrings (so "disappoint"
 * also catches "disappointed").
 */
public final class KindWords {

    public static final Map<String, List<String>> BANNED = Map.of(
            "en", List.of("broke your streak", "broken streak", "you failed", "failure", "don't forget", "do not forget",
                    "you missed", "you forgot", "you should", "you must", "again?", "lazy", "disappoint", "behind",
                    "last chance", "hurry", "only you can"),
            "de", List.of("vergiss nicht", "nicht vergessen", "du hast vergessen", "verpasst", "versäumt", "gescheitert",
                    "versagt", "du musst", "du solltest", "faul", "enttäusch", "serie gerissen", "serie verloren",
                    "schon wieder", "im rückstand", "letzte chance", "beeil"),
            "es", List.of("no olvides", "no te olvides", "olvidaste", "te perdiste", "fallaste", "fracas", "debes",
                    "deberías", "tienes que", "perezos", "vago", "decepcion", "racha rota", "rompiste tu racha",
                    "otra vez?", "atrasad", "última oportunidad", "date prisa"),
            "fr", List.of("n'oublie pas", "tu as oublié", "tu as manqué", "raté", "échoué", "échec", "tu dois",
                    "tu devrais", "il faut que tu", "paresse", "décevant", "déçu", "série brisée", "encore une fois ?",
                    "en retard", "dernière chance", "dépêche"));

    private KindWords() {
    }

    /** The banned phrasings {@code text} (in {@code language}, e.g. "de") contains; empty when it is kind. */
    public static List<String> violations(String language, String text) {
        List<String> banned = BANNED.get(language);
        if (banned == null) {
            throw new IllegalArgumentException("no banned list for language " + language + ": add one before adding the language");
        }
        String plain = normalize(text);
        List<String> found = new ArrayList<>();
        for (String b : banned) {
            if (plain.contains(normalize(b))) {
                found.add(b);
            }
        }
        return found;
    }

    private static String normalize(String s) {
        return s.replace('’', '\'').replace('\u00a0', ' ').replace('\u202f', ' ').toLowerCase(Locale.ROOT);
    }
}
