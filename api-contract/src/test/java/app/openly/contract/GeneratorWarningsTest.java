package app.openly.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;
import org.openapitools.codegen.config.GlobalSettings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "no generator warning about the documents": openapi-generator (the version the build generates the clients
 * with) generates a Java and a TypeScript client from each document, and every warning it logs fails the build, each one
 * printed. The generator's "once" logger is turned off so every occurrence is seen, not only the first per minute.
 * <p>
 * No warning is tolerated. "No application/json content media type found in response" (an answer a generated client
 * cannot read) is the one the documents used to have: every answer now offers application/json, the e-mail links'
 * pages and the notification stream included (their JSON variants, negotiated by Accept); when it comes back, the
 * answers without application/json are listed with it.
 */
class GeneratorWarningsTest {

    static final String ONLY_JSON_EXAMPLES = "No application/json content media type found in response";

    @ParameterizedTest
    @ValueSource(strings = {"journal", "reminder", "insights"})
    void theGeneratorHasNothingToSayAboutTheDocument(String service) throws IOException {
        Path document = Path.of(System.getProperty("contract.documents", "target/openapi"), service, "openapi.yaml");
        assertTrue(Files.exists(document), document + " is missing");
        List<String> findings = findings(document, Path.of("target/generator-check", service));
        assertTrue(findings.isEmpty(), "openapi-generator warns about " + service + "-service's document:\n  " + String.join("\n  ", findings));
    }

    /** The check can fail: an error answered as problem+json only (the generator finds no JSON answer) is reported. */
    @Test
    void aDocumentWithADefectFails() throws IOException {
        Path defective = Path.of("src/test/resources/defective/openapi.yaml");
        List<String> findings = findings(defective, Path.of("target/generator-check/defective"));
        assertTrue(findings.stream().anyMatch(f -> f.contains(ONLY_JSON_EXAMPLES)), "expected the generator's warning, got " + findings);
        assertTrue(findings.stream().anyMatch(f -> f.contains("GET /api/v1/things/{id} 404 [application/problem+json]")),
                "expected the answer that causes it named, got " + findings);
    }

    /** Every warning the generator logs for the Java and the TypeScript client of this document. */
    static List<String> findings(Path document, Path output) throws IOException {
        List<String> findings = new ArrayList<>();
        findings.addAll(generate(document, "java", "native", output.resolve("java")));
        findings.addAll(generate(document, "typescript-fetch", null, output.resolve("typescript")));
        if (findings.stream().anyMatch(f -> f.contains(ONLY_JSON_EXAMPLES))) {
            findings.add("answers without application/json: " + responsesWithoutJson(document));
        }
        return findings;
    }

    private static List<String> generate(Path document, String generator, String library, Path output) {
        GlobalSettings.setProperty("org.openapitools.codegen.utils.oncelogger.enabled", "false");
        CodegenConfigurator configurator = new CodegenConfigurator()
                .setInputSpec(document.toAbsolutePath().toString())
                .setGeneratorName(generator)
                .setOutputDir(output.toAbsolutePath().toString())
                .setValidateSpec(true)
                .addGlobalProperty("apiTests", "false")
                .addGlobalProperty("modelTests", "false")
                .addGlobalProperty("apiDocs", "false")
                .addGlobalProperty("modelDocs", "false");
        if (library != null) {
            configurator.setLibrary(library);
        }
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // slf4j-simple (test scope) writes every log line to System.err, looked up at each line
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new DefaultGenerator().opts(configurator.toClientOptInput()).generate();
        } finally {
            System.setErr(err);
        }
        List<String> warnings = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                warnings.add(generator + ": " + line.trim());
            }
        }
        return warnings;
    }

    /** "METHOD path status [media types]" of every answer that has content but no application/json. */
    static List<String> responsesWithoutJson(Path document) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        JsonNode doc = yaml.readTree(document.toFile());
        List<String> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                var op = ops.next();
                for (Iterator<Map.Entry<String, JsonNode>> rs = op.getValue().path("responses").fields(); rs.hasNext(); ) {
                    var r = rs.next();
                    JsonNode content = r.getValue().path("content");
                    if (content.size() > 0 && !content.has("application/json")) {
                        List<String> types = new ArrayList<>();
                        content.fieldNames().forEachRemaining(types::add);
                        found.add(op.getKey().toUpperCase() + " " + path.getKey() + " " + r.getKey() + " " + types);
                    }
                }
            }
        }
        return found;
    }
}
