package app.openly.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A closed-loop HTTP load generator for {@code ./openly bench}: N clients, each sending its next request
 * when the previous one answered, for a fixed time. Every figure is reported next to a baseline
 * measured in the same run, because absolute numbers on a shared 2-core machine mean little. The scenarios that use it
 * are {@link BenchScenarios}'.
 */
final class LoadBench {

    record Result(String name, int requests, int errors, double seconds, long p50Micros, long p99Micros) {
        double perSecond() {
            return requests / seconds;
        }

        @Override
        public String toString() {
            return String.format("%-34s %8.0f req/s   p50 %7.2f ms   p99 %7.2f ms   (%d requests, %d errors)",
                    name, perSecond(), p50Micros / 1000.0, p99Micros / 1000.0, requests, errors);
        }
    }

    private LoadBench() {
    }

    /**
     * {@code clients} connections to {@code server} (kept open throughout), each sending its next request as soon as
     * the previous one answered, for {@code duration}; every answer's status is checked against {@code expectedStatus}.
     * Latency from handing the request to the connection to its answer (HdrHistogram); a failed request counts as a
     * request and an error, with the time until it failed.
     */
    static Result run(String name, URI server, int clients, Duration duration, IntFunction<byte[]> next, int expectedStatus) throws Exception {
        LatencyHistogram latency = new LatencyHistogram();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger counter = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        AtomicLong firstError = new AtomicLong(0);
        AtomicReference<String> firstFailure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try (BenchHttp http = new BenchHttp(server, clients, Duration.ofSeconds(60), 0)) {
            for (int c = 0; c < clients; c++) {
                new BenchHttp.Answer() {
                    long sentAt;

                    void next() {
                        long now = System.nanoTime();
                        if (now - end >= 0) {
                            done.countDown();
                            return;
                        }
                        sentAt = now;
                        http.send(next.apply(counter.getAndIncrement()), this);
                    }

                    @Override
                    public void answered(int status, String body, long nanoTime) {
                        latency.recordNanos(nanoTime - sentAt);
                        requests.incrementAndGet();
                        if (status != expectedStatus) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(0, status);
                        }
                        next();
                    }

                    @Override
                    public void failed(String problem, long nanoTime) {
                        latency.recordNanos(nanoTime - sentAt);
                        requests.incrementAndGet();
                        errors.incrementAndGet();
                        firstFailure.compareAndSet(null, problem);
                        next();
                    }
                }.next();
            }
            done.await();
            if (http.connectionsOpened() != clients) {
                System.out.println("  (" + http.connectionsOpened() + " connections opened for " + clients + " clients: the server closed some)");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (firstError.get() != 0) {
            System.out.println("  (first unexpected status: " + firstError.get() + ")");
        }
        if (firstFailure.get() != null) {
            System.out.println("  (first failed request: " + firstFailure.get() + ")");
        }
        return new Result(name, requests.get(), errors.get(), seconds, micros(latency, 50), micros(latency, 99));
    }

    private static long micros(LatencyHistogram h, double percentile) {
        double ms = h.percentileMillis(percentile);
        return Double.isNaN(ms) ? 0 : Math.round(ms * 1000);
    }

    /** A GET of {@code url} with the given header lines, as the bench sends it. */
    static byte[] get(String url, String... headers) {
        return BenchHttp.request("GET", URI.create(url), null, headers);
    }

    /**
     * Health and metrics are on a service's management interface (issue 16 §3): {@code explicit} when given, else
     * the service's port + 100, as ./openly up starts it.
     */
    static String managementUrl(String serviceUrl, String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        URI uri = URI.create(serviceUrl);
        return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() + 100);
    }

    private static final Pattern METRIC = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+([0-9.eE+-]+)$");

    /** The service's Prometheus figures, each name summed over its labels, and each series by its name and labels. */
    static Map<String, Double> scrape(String baseUrl) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String text = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> sums = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = METRIC.matcher(line.trim());
            if (m.matches()) {
                sums.merge(m.group(1), Double.parseDouble(m.group(3)), Double::sum);
                if (m.group(2) != null) {
                    sums.put(m.group(1) + m.group(2), Double.parseDouble(m.group(3))); // each labelled series too
                }
            }
        }
        return sums;
    }

    static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    /** As {@link #delta}, summed over the series of {@code name} that carry {@code label} (e.g. {@code result="empty"}). */
    static double delta(Map<String, Double> before, Map<String, Double> after, String name, String label) {
        double sum = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            if (e.getKey().startsWith(name + "{") && e.getKey().contains(label)) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            }
        }
        return sum;
    }
}
