package app.openly.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load on {@code POST /api/v1/entries}: a fixed arrival rate whatever the answers (latency from the
 * intended send time, {@link ArrivalSchedule}), and for each 201 the time until the entry is applied in
 * reminder-service and in insights-service.
 * <p>
 * Visibility is read from each consumer's own database, one query per service every poll interval: the per-person
 * counters a consumer keeps anyway (reminder's {@code practice_activity.entries_seen}, insights'
 * {@code daily_practice.entries} for the run's date), for the run's own people only. That is a handful of small
 * reads per second, instead of one HTTP request per entry and service, which at 500 entries/s would double the
 * load it is meant to observe. The lag's resolution is the poll interval (printed with the figures).
 */
final class OpenLoopBench {

    static final String PEOPLE_PREFIX = "bench-ol-";
    static final String PRACTICE = "HONEST_SENTENCE";
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final int MAX_IN_FLIGHT = 20_000;

    record Settings(List<Double> rates, Duration duration, Duration poll, Duration drain, int people) {
    }

    private OpenLoopBench() {
    }

    static void run(String journalUrl, String jdbcBase, RSAPrivateKey key, Settings settings) throws Exception {
        Clock clock = Clock.systemUTC();
        String[] tokens = new String[settings.people()];
        for (int p = 0; p < tokens.length; p++) {
            tokens[p] = JwtSigner.sign(key, PEOPLE_PREFIX + p, "bench-org", null, clock);
        }
        // One occurredAt for the whole run: every entry lands on the same local day, the day insights counts on.
        OffsetDateTime occurred = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5).withNano(0);
        LocalDate day = occurred.atZoneSameInstant(ZONE).toLocalDate();
        String body = "{\"practice\":\"" + PRACTICE + "\",\"occurredAt\":\"" + occurred + "\",\"timeZone\":\"" + ZONE + "\","
                + "\"sentence\":\"I told my sister I have been lonely since the move and I was afraid she would pull away.\","
                + "\"sharedWith\":\"my sister\",\"shared\":true,\"courage\":4,\"feeling\":\"NERVOUS\",\"note\":\"It felt lighter afterwards.\"}";
        ExecutorService callbacks = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).executor(callbacks).build();
        System.out.printf("open-loop POST /api/v1/entries: %s entries/s, %d s each, %d people (%s…), visibility polled every %d ms%n",
                settings.rates(), settings.duration().toSeconds(), settings.people(), PEOPLE_PREFIX, settings.poll().toMillis());
        System.out.println("  PostgreSQL: " + BenchConditions.durability(jdbcBase + "/journal"));
        BenchConditions.print("at start");
        BenchConditions.printBusiest("at start");
        try (VisibilityWatch reminder = new VisibilityWatch("reminder", jdbcBase + "/reminder",
                "select user_id, entries_seen from practice_activity where practice = ? and user_id like ?", null);
             VisibilityWatch insights = new VisibilityWatch("insights", jdbcBase + "/insights",
                     "select user_id, entries from daily_practice where practice = ? and user_id like ? and local_date = ?", day)) {
            List<VisibilityWatch> watches = List.of(reminder, insights);
            watches.forEach(w -> w.start(settings.poll()));
            // Warm-up: each person's first write creates their data key; JIT, pools and consumers get going too.
            double warmRate = Math.min(200, settings.people() / 5.0);
            Phase warm = phase(http, journalUrl, tokens, body, new ArrivalSchedule(warmRate, Duration.ofSeconds(Math.max(5, (long) Math.ceil(settings.people() / warmRate)))), watches);
            drain(watches, settings.drain());
            watches.forEach(VisibilityWatch::nextPhase);
            System.out.printf("  warm-up: %d sent at %.0f/s, %d answered 201%n", warm.sent, warmRate, warm.created.get());
            List<String> summary = new ArrayList<>();
            for (double rate : settings.rates()) {
                String loadBefore = BenchConditions.loadAverage();
                Phase phase = phase(http, journalUrl, tokens, body, new ArrivalSchedule(rate, settings.duration()), watches);
                long drainStart = System.nanoTime();
                drain(watches, settings.drain());
                double drained = (System.nanoTime() - drainStart) / 1e9;
                System.out.printf("  %.0f entries/s for %d s: %d sent (%.1f/s achieved), %d answered 201, %d other answers, %d failed to send%s%n",
                        rate, settings.duration().toSeconds(), phase.sent, phase.sent / phase.seconds, phase.created.get(), phase.otherStatus.get(),
                        phase.failed.get(), phase.firstProblem == null ? "" : " (first: " + phase.firstProblem + ")");
                System.out.println("    POST, from intended send time     " + phase.latency.summary());
                StringBuilder row = new StringBuilder(String.format("    %8.0f %10.1f %8.0f %8.0f", rate, phase.sent / phase.seconds,
                        phase.latency.percentileMillis(50), phase.latency.percentileMillis(99)));
                for (VisibilityWatch w : watches) {
                    LatencyHistogram lag = w.nextPhase();
                    System.out.printf("    visible in %-8s (201 -> applied) %s%n", w.service, lag.summary());
                    row.append(String.format(" %8.0f %8.0f", lag.percentileMillis(50), lag.percentileMillis(99)));
                }
                summary.add(row.append(String.format(" %9.1f", drained)).toString());
                System.out.printf("    load average before %s, after %s; consumers caught up %.1f s after the last send%n", loadBefore,
                        BenchConditions.loadAverage(), drained);
            }
            System.out.println("  summary (ms; lag from the 201 until applied; caught up: seconds after the last send):");
            System.out.println("    entries/s   achieved  POST p50  POST p99  rem. p50  rem. p99  ins. p50  ins. p99  caught up");
            summary.forEach(System.out::println);
            System.out.printf("  visibility polls: reminder %d (mean %.1f ms each), insights %d (mean %.1f ms each)%n",
                    reminder.polls.get(), reminder.meanPollMillis(), insights.polls.get(), insights.meanPollMillis());
        } finally {
            callbacks.shutdownNow();
        }
    }

    private static final class Phase {
        final LatencyHistogram latency = new LatencyHistogram();
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger otherStatus = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile String firstProblem;
        long sent;
        double seconds;
    }

    private static Phase phase(HttpClient http, String journalUrl, String[] tokens, String body, ArrivalSchedule schedule, List<VisibilityWatch> watches)
            throws InterruptedException {
        Phase phase = new Phase();
        URI uri = URI.create(journalUrl + "/api/v1/entries");
        long start = System.nanoTime();
        long count = schedule.count();
        for (long i = 0; i < count; i++) {
            long intended = start + schedule.offsetNanos(i);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String user = PEOPLE_PREFIX + (i % tokens.length);
            if (phase.inFlight.get() >= MAX_IN_FLIGHT) {
                phase.failed.incrementAndGet();
                phase.latency.recordMissing(); // the service fell so far behind that the generator stopped adding to it
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + tokens[(int) (i % tokens.length)])
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            phase.inFlight.incrementAndGet();
            phase.sent++;
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                phase.inFlight.decrementAndGet();
                if (error != null) {
                    phase.failed.incrementAndGet();
                    phase.latency.recordMissing();
                    if (phase.firstProblem == null) {
                        phase.firstProblem = error.getClass().getSimpleName();
                    }
                    return;
                }
                phase.latency.recordNanos(now - intended);
                if (response.statusCode() == 201) {
                    phase.created.incrementAndGet();
                    watches.forEach(w -> w.acknowledged(user, now));
                } else {
                    phase.otherStatus.incrementAndGet();
                    if (phase.firstProblem == null) {
                        phase.firstProblem = "HTTP " + response.statusCode();
                    }
                }
            });
        }
        phase.seconds = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (phase.inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return phase;
    }

    /** Waits until every acknowledged entry was seen by every watch, or {@code limit} passed. */
    private static void drain(List<VisibilityWatch> watches, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && watches.stream().anyMatch(w -> w.pending() > 0)) {
            Thread.sleep(50);
        }
    }

    /** "100,250,500" as rates. */
    static List<Double> rates(String list) {
        List<Double> rates = new ArrayList<>();
        for (String r : list.split(",")) {
            if (!r.isBlank()) {
                rates.add(Double.parseDouble(r.trim()));
            }
        }
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("no rates in '" + list + "'");
        }
        return rates;
    }
}
