package app.openly.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service of the system running as its own JVM from the packaged jar ({@code target/quarkus-app/quarkus-run.jar},
 * what the container image runs), in the production profile, configured through the environment like
 * {@code ./openly up} does. Its output goes to {@code target/e2e-logs/<name>.log}.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int httpPort;
    private final int managementPort;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    private int starts;

    ServiceProcess(String name, Path jar, int httpPort, int managementPort, Map<String, String> environment, Path logs) {
        this.name = name;
        this.jar = jar;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.environment = new LinkedHashMap<>(environment);
        this.log = logs.resolve(name + ".log");
    }

    public String name() {
        return name;
    }

    /** Base URL of the service's API, e.g. {@code http://localhost:25081}. */
    public String url() {
        return "http://localhost:" + httpPort;
    }

    public int port() {
        return httpPort;
    }

    /** Starts the JVM (returns at once; {@link #awaitReady} waits for it). */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the service first (the reactor does, before this module)");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                // A killed consumer's partitions go to its restarted self after 6 s instead of 45 s (like ./openly up).
                "-Dkafka.session.timeout.ms=6000", "-Dkafka.heartbeat.interval.ms=1000",
                "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            // Every start appends to the same log, marked, so a restart's output follows the first one's.
            Files.writeString(log, "\n===== start " + (++starts) + " at " + Instant.now() + " =====\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** Waits until the service reports itself ready (health UP: database, Kafka, its consumers). */
    public ServiceProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see " + log);
            }
            if (ready()) {
                return this;
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
    }

    /** Health UP on the API port, or on the management port when the service moved health there. */
    public boolean ready() {
        return status(url() + "/q/health/ready") == 200 || status("http://localhost:" + managementPort + "/q/health/ready") == 200;
    }

    /**
     * Kills the JVM at once (SIGKILL): no shutdown hooks, no offset commit, no in-flight batch finished — a crash or
     * an OOM kill. Waits until the process is gone.
     */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitFor(process);
    }

    /** Stops the JVM gracefully (SIGTERM: Quarkus shuts down, consumers commit, the relay finishes its batch). */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * The sum of the Prometheus samples of {@code name} carrying {@code label="value"} (all samples when
     * {@code label} is null); 0 when there is none yet.
     */
    public double metric(String metric, String label, String value) {
        String text = body("http://localhost:" + managementPort + "/q/metrics");
        if (text == null) {
            text = body(url() + "/q/metrics");
        }
        if (text == null) {
            throw new IllegalStateException(name + " serves no /q/metrics");
        }
        Pattern sample = label == null
                ? Pattern.compile("^" + Pattern.quote(metric) + "(?:\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE)
                : Pattern.compile("^" + Pattern.quote(metric) + "\\{[^}]*" + Pattern.quote(label + "=\"" + value + "\"") + "[^}]*}\\s+(\\S+)",
                Pattern.MULTILINE);
        Matcher m = sample.matcher(text);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** The service's log so far (every start), for assertions on what it wrote. */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + "@" + httpPort;
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String body(String url) {
        try {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
