package app.openly.platform.input;

/**
 * Which characters a person's text may hold. Tabs and line breaks are text; other control characters
 * (NUL, ESC, DEL, C1), the bidirectional overrides and isolates (which can make text display as something
 * other than what it says) and lone UTF-16 surrogates (not characters at all) are refused wherever they
 * come in: JSON strings, query parameters, a token's {@code sub}. Emoji and every other real character,
 * including the 4-byte ones (surrogate pairs), are welcome.
 */
public final class SafeText {

    /** What is said about a refused string; never quotes it. */
    public static final String RULE = "contains a control, bidirectional-override or unpaired surrogate character";

    private SafeText() {
    }

    /** The index of the first refused character, or -1 when all are fine. */
    public static int firstRefused(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c) || refused(c)) {
                return i;
            }
        }
        return -1;
    }

    public static boolean isSafe(CharSequence s) {
        return firstRefused(s) < 0;
    }

    private static boolean refused(char c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)          // C0, DEL, C1
                || (c >= 0x202A && c <= 0x202E)              // LRE, RLE, PDF, LRO, RLO
                || (c >= 0x2066 && c <= 0x2069)              // LRI, RLI, FSI, PDI
                || c == 0xFEFF || c == 0xFFFE || c == 0xFFFF; // BOM inside text, non-characters
    }

    /**
     * A name taken from the request (an unknown field, a duplicated key) made safe to say back: at most
     * {@code max} characters of it, everything but letters, digits, {@code _ - .} and {@code $} written as
     * {@code \\uXXXX}, and an ellipsis when it was longer.
     */
    public static String echo(String name, int max) {
        if (name == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int n = Math.min(name.length(), max);
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '$') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        if (name.length() > max) {
            sb.append('…');
        }
        return sb.toString();
    }
}
