package app.openly.journal.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything free-text of an entry: stored only encrypted, returned only to its author, never on
 * Kafka, in logs or in error bodies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntryContent(String sentence, String sharedWith, String listenedTo, String heard, String text,
                           String whisper, String reframe, String note, List<String> tags) {

    /** Field name → length, for each filled-in text field (lengths may travel; text may not). */
    public Map<String, Integer> lengths() {
        Map<String, Integer> lengths = new LinkedHashMap<>();
        put(lengths, "sentence", sentence);
        put(lengths, "sharedWith", sharedWith);
        put(lengths, "listenedTo", listenedTo);
        put(lengths, "heard", heard);
        put(lengths, "text", text);
        put(lengths, "whisper", whisper);
        put(lengths, "reframe", reframe);
        put(lengths, "note", note);
        return lengths;
    }

    /** The texts the theme classifier reads. */
    public List<String> classifiable() {
        return java.util.stream.Stream.of(sentence, heard, text, whisper, reframe, note, sharedWith, listenedTo)
                .filter(s -> s != null && !s.isBlank()).toList();
    }

    private static void put(Map<String, Integer> lengths, String field, String value) {
        if (value != null && !value.isEmpty()) {
            lengths.put(field, value.codePointCount(0, value.length()));
        }
    }
}
