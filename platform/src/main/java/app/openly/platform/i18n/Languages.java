package app.openly.platform.i18n;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages Openly speaks. A person's {@code locale} is one of these language tags; every bundle has a
 * file for each (a test per service fails when a key or a placeholder is missing in one of them).
 */
public final class Languages {

    /** English first: the base bundle, and what a person hears until they choose. */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.forLanguageTag("es"), Locale.FRENCH);
    public static final Locale DEFAULT = Locale.ENGLISH;

    private Languages() {
    }

    /** The supported language of a tag such as {@code de}, {@code de-AT} or {@code fr_CA}; empty for any other. */
    public static Optional<Locale> supported(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String language = Locale.forLanguageTag(tag.trim().replace('_', '-')).getLanguage();
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst();
    }

    /** The supported language of a tag, or English. */
    public static Locale orDefault(String tag) {
        return supported(tag).orElse(DEFAULT);
    }

    /**
     * The best supported language of an HTTP {@code Accept-Language} header (RFC 9110 §12.5.4, weights
     * honoured), or English when the header is absent, malformed, or names none of ours.
     */
    public static Locale fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                if (range.getWeight() <= 0 || range.getRange().equals("*")) {
                    continue;
                }
                Optional<Locale> match = supported(range.getRange());
                if (match.isPresent()) {
                    return match.get();
                }
            }
        } catch (IllegalArgumentException malformed) {
            // A malformed header is no reason to refuse the request: the person simply starts in English.
        }
        return DEFAULT;
    }
}
