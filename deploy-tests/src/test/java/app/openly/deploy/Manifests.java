package app.openly.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/** The rendered documents of one overlay, with small look-ups by kind and name. */
record Manifests(String overlay, List<JsonNode> docs) {

    List<JsonNode> ofKind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(name(d))).findFirst();
    }

    static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText();
    }

    static String describe(JsonNode doc) {
        return doc.path("kind").asText() + "/" + name(doc);
    }
}
