package app.openly.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static app.openly.deploy.Manifests.describe;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every rendered PrometheusRule's groups, read by Prometheus' own rule loader: {@code promtool check rules} parses
 * each PromQL expression, each {@code for} duration and each label/annotation template exactly as the Prometheus
 * that receives them from the Prometheus Operator will. The test runs Prometheus' own parser (Debian package
 * {@code prometheus}) rather than a Java port: the one on Maven Central is a single third-party release, and it would
 * check PromQL only, not the templates, durations and rule-file structure promtool checks too.
 */
final class PromRules {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PromRules() {
    }

    static List<String> violations(Manifests m) {
        List<String> violations = new ArrayList<>();
        String promtool = promtool();
        for (JsonNode rule : m.ofKind("PrometheusRule")) {
            ObjectNode file = YAML.createObjectNode();
            file.set("groups", rule.path("spec").path("groups"));
            Path rules = null;
            try {
                rules = Files.createTempFile("openly-" + Manifests.name(rule) + "-", ".rules.yaml");
                YAML.writeValue(rules.toFile(), file);
                Process process = new ProcessBuilder(promtool, "check", "rules", rules.toString()).redirectErrorStream(true).start();
                CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(promtool + " check rules did not finish within 60 s");
                }
                if (process.exitValue() != 0) {
                    violations.add(describe(rule) + ": promtool check rules fails: "
                            + output.join().replace(rules.toString(), "<rules>").trim().replace("\n", " | "));
                }
            } catch (IOException e) {
                throw new AssertionError("could not run " + promtool + " check rules: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while running promtool", e);
            } finally {
                if (rules != null) {
                    rules.toFile().delete();
                }
            }
        }
        return violations;
    }

    /** promtool from -Dopenly.promtool, else from PATH, else /usr/bin/promtool; a failure (never a skip) if none exists. */
    static String promtool() {
        String configured = System.getProperty("openly.promtool");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return configured;
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "promtool"))) {
                return Path.of(entry, "promtool").toString();
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin/promtool"))) {
            return "/usr/bin/promtool";
        }
        return fail("promtool (Prometheus' rule checker) is required to parse the PrometheusRule expressions, but it is "
                + "not on PATH nor at /usr/bin/promtool. Install it (Debian: apt-get install prometheus; .ci/run does) "
                + "or pass -Dopenly.promtool=/path/to/promtool.");
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
