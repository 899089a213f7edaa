package app.openly.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Renders a kustomize overlay of deploy/ with the real {@code kubectl kustomize}, once per overlay. */
final class Kustomize {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    static Path deployDir() {
        String configured = System.getProperty("openly.deploy.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "deploy");
        if (!Files.isDirectory(dir.resolve("overlays"))) {
            fail("deploy/ with overlays/ not found at " + dir.toAbsolutePath()
                    + " (set -Dopenly.deploy.dir=<repo>/deploy)");
        }
        return dir.toAbsolutePath().normalize();
    }

    /** Every document of {@code kubectl kustomize deploy/overlays/<overlay>}; a fresh copy each call. */
    static Manifests render(String overlay) {
        List<JsonNode> docs = RENDERED.computeIfAbsent(overlay, Kustomize::runKubectl);
        List<JsonNode> copy = new ArrayList<>();
        docs.forEach(d -> copy.add(d.deepCopy()));
        return new Manifests(overlay, copy);
    }

    static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static List<JsonNode> runKubectl(String overlay) {
        Path dir = deployDir().resolve("overlays").resolve(overlay);
        String kubectl = kubectl();
        try {
            Process process = new ProcessBuilder(kubectl, "kustomize", dir.toString()).start();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String stdout = readAll(process.getInputStream());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("kubectl kustomize " + dir + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                fail("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n" + stderr.join());
            }
            List<JsonNode> docs = parse(stdout);
            if (docs.isEmpty()) {
                fail("kubectl kustomize " + dir + " rendered nothing");
            }
            return List.copyOf(docs);
        } catch (IOException e) {
            throw new AssertionError("could not run " + kubectl + " kustomize " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + dir, e);
        }
    }

    /** kubectl from -Dopenly.kubectl, else from PATH, else /usr/bin/kubectl; a clear failure if none exists. */
    static String kubectl() {
        String configured = System.getProperty("openly.kubectl");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "kubectl"))) {
                return Path.of(entry, "kubectl").toString();
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin/kubectl"))) {
            return "/usr/bin/kubectl";
        }
        return fail("kubectl (with its built-in kustomize, v1.14+) is required to render deploy/ overlays, "
                + "but it is not on PATH nor at /usr/bin/kubectl. Install kubectl or pass -Dopenly.kubectl=/path/to/kubectl.");
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
