package app.openly.platform.i18n;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message bundle of a service: {@code i18n/<name>.properties} (English, the base) and
 * {@code i18n/<name>_de|_es|_fr.properties}, UTF-8, {@link MessageFormat} patterns, so numbers, dates and
 * plural choices are formatted for the person's language.
 *
 * <p>Why {@link ResourceBundle}s and not Qute's type-safe message bundles: the sentences are chosen in pure
 * domain logic (the reminder planner, the weekly summary builder) that runs without CDI and is unit-tested
 * as plain Java, and one mechanism then serves every service, REST answers, events and e-mail templates
 * alike (the templates receive already localized sentences). {@link #problems} gives the completeness
 * check a test runs for each bundle.
 *
 * <p>Typographic apostrophes (’) are used in the texts: a plain {@code '} quotes in a MessageFormat pattern
 * and would vanish; {@link #problems} reports one.
 */
public final class Texts {

    private static final ResourceBundle.Control BASE_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)");

    private final String baseName;
    private final ClassLoader loader;

    /** @param owner a class of the service whose resources hold the bundle */
    public Texts(String name, Class<?> owner) {
        this.baseName = "i18n/" + name;
        this.loader = owner.getClassLoader();
    }

    /** The sentence for {@code key} in {@code locale} (English if the language is not one of ours). */
    public String text(Locale locale, String key, Object... args) {
        Locale language = Languages.supported(locale.toLanguageTag()).orElse(Languages.DEFAULT);
        String pattern = bundle(language).getString(key);
        return new MessageFormat(pattern, language).format(args);
    }

    /** Whether the bundle has this key. */
    public boolean has(String key) {
        return bundle(Languages.DEFAULT).containsKey(key);
    }

    /** The keys of the bundle, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(Collections.list(bundle(Languages.DEFAULT).getKeys()));
    }

    /** Every text of {@code key} in every supported language, unformatted (for wording tests and allow-lists). */
    public List<String> everyLanguage(String key) {
        return Languages.SUPPORTED.stream().map(l -> own(l).getString(key)).toList();
    }

    /**
     * What is wrong with the bundle: a key missing or extra in a language, a placeholder that differs
     * between languages, a pattern that does not parse, a lone apostrophe. Empty when the bundle is whole.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        ResourceBundle base = own(Languages.DEFAULT);
        Set<String> baseKeys = new TreeSet<>(base.keySet());
        for (Locale language : Languages.SUPPORTED) {
            ResourceBundle bundle;
            try {
                bundle = own(language);
            } catch (MissingResourceException e) {
                problems.add(baseName + ": no file for " + language);
                continue;
            }
            Set<String> keys = new TreeSet<>(bundle.keySet());
            for (String key : baseKeys) {
                if (!keys.contains(key)) {
                    problems.add(baseName + "_" + language + ": missing " + key);
                } else if (!placeholders(bundle.getString(key)).equals(placeholders(base.getString(key)))) {
                    problems.add(baseName + "_" + language + ": " + key + " has placeholders " + placeholders(bundle.getString(key))
                            + " but English has " + placeholders(base.getString(key)));
                }
            }
            for (String key : keys) {
                if (!baseKeys.contains(key)) {
                    problems.add(baseName + "_" + language + ": " + key + " is not in the English bundle");
                }
                String pattern = bundle.getString(key);
                try {
                    new MessageFormat(pattern, language);
                } catch (IllegalArgumentException e) {
                    problems.add(baseName + "_" + language + ": " + key + " is not a valid pattern: " + e.getMessage());
                }
                if (pattern.replace("''", "").contains("'")) {
                    problems.add(baseName + "_" + language + ": " + key + " has a lone ' (it would vanish; write ’)");
                }
                if (pattern.isBlank()) {
                    problems.add(baseName + "_" + language + ": " + key + " is empty");
                }
            }
        }
        return problems;
    }

    /** The placeholder numbers a pattern uses, e.g. {0, 1}. */
    static Set<Integer> placeholders(String pattern) {
        Set<Integer> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            found.add(Integer.parseInt(m.group(1)));
        }
        return found;
    }

    private ResourceBundle bundle(Locale language) {
        return ResourceBundle.getBundle(baseName, language, loader, BASE_FALLBACK);
    }

    /** The file of exactly this language (English is the base file), without falling back to another. */
    private ResourceBundle own(Locale language) {
        ResourceBundle b = bundle(language);
        if (!b.getLocale().getLanguage().equals(language.equals(Languages.DEFAULT) ? "" : language.getLanguage())) {
            throw new MissingResourceException("no " + language + " file", baseName, "");
        }
        return new ResourceBundle() {
            // Only this file's own keys: a key missing here must not be answered by the parent (English).
            private final java.util.Map<String, Object> own = ownEntries(b);

            @Override
            protected Object handleGetObject(String key) {
                return own.get(key);
            }

            @Override
            public java.util.Enumeration<String> getKeys() {
                return Collections.enumeration(own.keySet());
            }

            @Override
            protected Set<String> handleKeySet() {
                return own.keySet();
            }
        };
    }

    private static java.util.Map<String, Object> ownEntries(ResourceBundle b) {
        java.util.Map<String, Object> entries = new java.util.TreeMap<>();
        if (b instanceof java.util.PropertyResourceBundle p) {
            // handleKeySet: the keys of this file only, not its parent's.
            for (String key : Collections.list(p.getKeys())) {
                Object own = p.handleGetObject(key);
                if (own != null) {
                    entries.put(key, own);
                }
            }
        }
        return entries;
    }
}
