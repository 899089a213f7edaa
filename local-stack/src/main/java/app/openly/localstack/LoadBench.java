package app.openly.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * measured in the same run, because absolute numbers on a shared 2-core machine mean little.
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

    /** POST /api/v1/entries with 32 clients against GET /q/health/live as the same-run baseline. */
    static void journal(String journalUrl, RSAPrivateKey key, int clients, Duration duration) throws Exception {
        journal(journalUrl, null, key, clients, duration);
    }

    /**
     * As above, and with {@code journalJdbcUrl} the database's ceiling for the same write: {@link JournalWriteTransaction}
     * over plain JDBC at the same concurrency, right after the POST run, and the ratio of the two (issue 17 goal 1).
     */
    static void journal(String journalUrl, String journalJdbcUrl, RSAPrivateKey key, int clients, Duration duration) throws Exception {
        String management = managementUrl(journalUrl, System.getenv("JOURNAL_MANAGEMENT_URL"));
        Clock clock = Clock.systemUTC();
        // Many people, so the per-person write limit (60/min) is never what is measured.
        int people = 4000;
        String[] tokens = new String[people];
        for (int p = 0; p < people; p++) {
            tokens[p] = JwtSigner.sign(key, "bench-" + p, "bench-org", null, clock);
        }
        String occurred = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5).toString();
        String body = "{\"practice\":\"HONEST_SENTENCE\",\"occurredAt\":\"" + occurred + "\",\"timeZone\":\"Europe/Berlin\","
                + "\"sentence\":\"I told my sister I have been lonely since the move and I was afraid she would pull away.\","
                + "\"sharedWith\":\"my sister\",\"shared\":true,\"courage\":4,\"feeling\":\"NERVOUS\",\"note\":\"It felt lighter afterwards.\"}";
        IntFunction<HttpRequest> postEntry = i -> HttpRequest.newBuilder(URI.create(journalUrl + "/api/v1/entries"))
                .header("Authorization", "Bearer " + tokens[i % people])
                .header("Content-Type", "application/json")
                // A fresh key per request: the service then looks the key up and stores it, as the ceiling does.
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        System.out.println("journal-service, " + clients + " concurrent clients, " + duration.toSeconds() + " s each:");
        if (journalJdbcUrl != null) {
            System.out.println("  PostgreSQL: " + BenchConditions.durability(journalJdbcUrl));
        }
        BenchConditions.print("at start");
        BenchConditions.printBusiest("at start");
        // Warm both paths first (JIT, pools, each bench person's data key), so neither measurement pays for it.
        run("warm-up", clients, Duration.ofSeconds(3), i -> HttpRequest.newBuilder(URI.create(management + "/q/health/live")).GET().build(), 200);
        run("warm-up POST", clients, Duration.ofSeconds(10), postEntry, 201);
        Result baseline = run("baseline GET /q/health/live", clients, duration,
                i -> HttpRequest.newBuilder(URI.create(management + "/q/health/live")).GET().build(), 200);
        System.out.println("  " + baseline);
        Map<String, Double> before = scrape(management); // after the baseline: only POST time is split below
        Result post = run("POST /api/v1/entries", clients, duration, postEntry, 201);
        System.out.println("  " + post);
        System.out.printf("  ratio: POST throughput is %.3f of the baseline's; POST p99 is %.1fx the baseline's%n",
                post.perSecond() / baseline.perSecond(), (double) post.p99Micros() / Math.max(1, baseline.p99Micros()));
        Map<String, Double> after = scrape(management);
        if (journalJdbcUrl != null) {
            // The entry's text as EntryCodec seals it (EntryContent as JSON), so the ceiling's rows are as large as the service's.
            JournalWriteTransaction tx = new JournalWriteTransaction("{\"sentence\":\"I told my sister I have been lonely since the move and I was afraid "
                    + "she would pull away.\",\"sharedWith\":\"my sister\",\"note\":\"It felt lighter afterwards.\"}", 640);
            JdbcCeiling.Result ceiling = JdbcCeiling.run(journalJdbcUrl, "bench-", people, clients, duration, tx);
            System.out.println("  " + ceiling);
            System.out.println("  " + new CeilingRatio(post.perSecond(), ceiling.perSecond()).describe());
        } else {
            System.out.println("  (no --jdbc: the database ceiling was not measured)");
        }
        BenchConditions.print("at end");
        double write = delta(before, after, "openly_journal_write_seconds_sum");
        // AES-GCM work only; openly_journal_crypto also holds the key lookup, which is database time.
        double crypto = delta(before, after, "openly_journal_crypto_cipher_seconds_sum");
        double themes = delta(before, after, "openly_journal_themes_seconds_sum");
        if (write > 0) {
            double request = delta(before, after, "http_server_requests_seconds_sum");
            System.out.printf("  inside the write transaction: crypto (AES-GCM) %.1f%%, theme extraction %.1f%%, database (locks, key lookup, inserts, commit) %.1f%%%n",
                    100 * crypto / write, 100 * themes / write, 100 * Math.max(0, write - crypto - themes) / write);
            if (request > 0) {
                System.out.printf("  of all server time in requests: write transaction %.1f%% (crypto %.1f%%, themes %.1f%%), HTTP/JWT/JSON/validation the rest%n",
                        100 * write / request, 100 * crypto / request, 100 * themes / request);
            }
        }
    }

    /**
     * GET /api/v1/insights/weekly for a person with years of history against one with a few entries (the
     * baseline), same run, interleaved after a warm-up so both meet the same JVM and the same box.
     */
    static void insightsWeekly(String insightsUrl, String heavyToken, String lightToken, String week, int clients, Duration duration)
            throws Exception {
        String url = insightsUrl + "/api/v1/insights/weekly?week=" + week;
        IntFunction<HttpRequest> heavy = i -> HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + heavyToken).GET().build();
        IntFunction<HttpRequest> light = i -> HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + lightToken).GET().build();
        System.out.println("insights-service GET /weekly?week=" + week + ", " + clients + " concurrent clients, " + duration.toSeconds() + " s each:");
        run("warm-up", clients, Duration.ofSeconds(20), i -> (i % 2 == 0 ? heavy : light).apply(i), 200);
        // Baseline before and after, so a JVM still warming up or a box getting busier shows, and is averaged out.
        Result before = run("few entries (baseline, before)", clients, duration, light, 200);
        Result history = run("years of daily entries", clients, duration, heavy, 200);
        Result after = run("few entries (baseline, after)", clients, duration, light, 200);
        System.out.println("  " + before);
        System.out.println("  " + history);
        System.out.println("  " + after);
        double baselineP99 = (before.p99Micros() + after.p99Micros()) / 2.0;
        double baselineRate = (before.perSecond() + after.perSecond()) / 2;
        System.out.printf("  ratio: p99 with years of history is %.2fx the baseline's (mean of before and after); throughput %.2f of the baseline's%n",
                history.p99Micros() / Math.max(1, baselineP99), history.perSecond() / baselineRate);
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

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }
}
