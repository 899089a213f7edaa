package app.openly.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

    static Result run(String name, int clients, Duration duration, IntFunction<HttpRequest> next, int expectedStatus) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        long end = System.nanoTime() + duration.toNanos();
        List<long[]> latencies = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger counter = new AtomicInteger();
        AtomicLong firstError = new AtomicLong(0);
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            int client = c;
            Thread t = new Thread(() -> {
                int n = 0;
                try {
                    while (System.nanoTime() < end && n < mine.length - 1) {
                        HttpRequest request = next.apply(counter.getAndIncrement());
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                            if (response.statusCode() != expectedStatus) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(0, response.statusCode());
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        mine[++n] = (System.nanoTime() - t0) / 1000;
                    }
                } finally {
                    mine[0] = n;
                    done.countDown();
                }
            }, "bench-" + name + "-" + client);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        int total = latencies.stream().mapToInt(l -> (int) l[0]).sum();
        long[] all = new long[total];
        int i = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 1, all, i, (int) l[0]);
            i += (int) l[0];
        }
        Arrays.sort(all);
        if (firstError.get() != 0) {
            System.out.println("  (first unexpected status: " + firstError.get() + ")");
        }
        return new Result(name, total, errors.get(), seconds, percentile(all, 0.50), percentile(all, 0.99));
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
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

    /** The service's Prometheus figures, each name summed over its labels. */
    static Map<String, Double> scrape(String baseUrl) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String text = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> sums = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = METRIC.matcher(line.trim());
            if (m.matches()) {
                sums.merge(m.group(1), Double.parseDouble(m.group(3)), Double::sum);
            }
        }
        return sums;
    }

    static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }
}
