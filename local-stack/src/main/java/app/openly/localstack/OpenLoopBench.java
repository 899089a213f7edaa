package app.openly.localstack;

import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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

    static void run(String journalUrl, String jdbcBase, RSAPrivateKey key, Settings settings, java.nio.file.Path home) throws Exception {
        ProcessCpu cpu = home != null && ProcessCpu.available() ? new ProcessCpu(home) : null;
        String management = LoadBench.managementUrl(journalUrl, System.getenv("JOURNAL_MANAGEMENT_URL"));
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
        EntryPosts posts = new EntryPosts(URI.create(journalUrl + "/api/v1/entries"), tokens, body);
        String[] users = new String[tokens.length];
        for (int p = 0; p < users.length; p++) {
            users[p] = PEOPLE_PREFIX + p;
        }
        // As many connections as requests in flight (as java.net.http opened them): a stalled service meets the whole
        // backlog, not a queue inside the load generator. 512 bytes of each answer: enough to check the entry's id.
        System.out.printf("open-loop POST /api/v1/entries: %s entries/s, %d s each, %d people (%s…), visibility polled every %d ms%n",
                settings.rates(), settings.duration().toSeconds(), settings.people(), PEOPLE_PREFIX, settings.poll().toMillis());
        System.out.println("  PostgreSQL: " + BenchConditions.durability(jdbcBase + "/journal"));
        BenchConditions.print("at start");
        BenchConditions.printBusiest("at start");
        try (BenchHttp http = new BenchHttp(URI.create(journalUrl), MAX_IN_FLIGHT, Duration.ofSeconds(60), 512);
             VisibilityWatch reminder = new VisibilityWatch("reminder", jdbcBase + "/reminder",
                "select user_id, entries_seen from practice_activity where practice = ? and user_id like ?", null);
             VisibilityWatch insights = new VisibilityWatch("insights", jdbcBase + "/insights",
                     "select user_id, entries from daily_practice where practice = ? and user_id like ? and local_date = ?", day)) {
            List<VisibilityWatch> watches = List.of(reminder, insights);
            watches.forEach(w -> w.start(settings.poll()));
            // Warm-up: each person's first write creates their data key; JIT, pools and consumers get going too.
            double warmRate = Math.min(200, settings.people() / 5.0);
            Phase warm = phase(http, posts, users, new ArrivalSchedule(warmRate, Duration.ofSeconds(Math.max(5, (long) Math.ceil(settings.people() / warmRate)))), watches);
            drain(watches, settings.drain());
            watches.forEach(VisibilityWatch::nextPhase);
            System.out.printf("  warm-up: %d sent at %.0f/s, %d answered 201%n", warm.sent, warmRate, warm.created.get());
            List<String> summary = new ArrayList<>();
            for (double rate : settings.rates()) {
                String loadBefore = BenchConditions.loadAverage();
                ProcessCpu.Sample cpuBefore = cpu == null ? null : cpu.sample();
                long[] watchCpuBefore = watches.stream().mapToLong(VisibilityWatch::backendCpuMillis).toArray();
                long relayTicksBefore = relayTicks(cpu);
                Map<String, Double> metricsBefore = journalMetrics(management);
                Phase phase = phase(http, posts, users, new ArrivalSchedule(rate, settings.duration()), watches);
                long drainStart = System.nanoTime();
                drain(watches, settings.drain());
                double drained = (System.nanoTime() - drainStart) / 1e9;
                ProcessCpu.Sample cpuAfter = cpu == null ? null : cpu.sample();
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
                if (cpu != null) {
                    // From the phase's first send until the consumers caught up: each entry's whole way through the stack.
                    ProcessCpu.describe(cpuBefore, cpuAfter, phase.created.get(), "entry", String.format("%.0f entries/s until caught up", rate))
                            .forEach(l -> System.out.println("    " + l));
                }
                relayLine(phase.created.get(), relayTicksBefore, relayTicks(cpu), metricsBefore, journalMetrics(management))
                        .ifPresent(l -> System.out.println("    " + l));
                for (int w = 0; w < watches.size(); w++) {
                    long ms = watches.get(w).backendCpuMillis() - watchCpuBefore[w];
                    if (watchCpuBefore[w] >= 0 && ms >= 0) {
                        System.out.printf("    visibility watch on %s: its PostgreSQL backend used %d CPU-ms (%.3f CPU-ms/entry; included in postgres above)%n",
                                watches.get(w).service, ms, (double) ms / Math.max(1, phase.created.get()));
                    }
                }
            }
            System.out.println("  summary (ms; lag from the 201 until applied; caught up: seconds after the last send):");
            System.out.println("    entries/s   achieved  POST p50  POST p99  rem. p50  rem. p99  ins. p50  ins. p99  caught up");
            summary.forEach(System.out::println);
            System.out.printf("  visibility polls: reminder %d (mean %.1f ms each), insights %d (mean %.1f ms each)%n",
                    reminder.polls.get(), reminder.meanPollMillis(), insights.polls.get(), insights.meanPollMillis());
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

    private static Phase phase(BenchHttp http, EntryPosts posts, String[] users, ArrivalSchedule schedule, List<VisibilityWatch> watches)
            throws InterruptedException {
        Phase phase = new Phase();
        long start = System.nanoTime();
        long count = schedule.count();
        for (long i = 0; i < count; i++) {
            long intended = start + schedule.offsetNanos(i);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String user = users[(int) (i % users.length)];
            if (phase.inFlight.get() >= MAX_IN_FLIGHT) {
                phase.failed.incrementAndGet();
                phase.latency.recordMissing(); // the service fell so far behind that the generator stopped adding to it
                continue;
            }
            phase.inFlight.incrementAndGet();
            phase.sent++;
            http.send(posts.request(i), new BenchHttp.Answer() {
                @Override
                public void answered(int status, String body, long now) {
                    phase.inFlight.decrementAndGet();
                    phase.latency.recordNanos(now - intended);
                    if (status == 201 && hasEntryId(body)) {
                        phase.created.incrementAndGet();
                        watches.forEach(w -> w.acknowledged(user, now));
                    } else {
                        phase.otherStatus.incrementAndGet();
                        if (phase.firstProblem == null) {
                            phase.firstProblem = status == 201 ? "HTTP 201 without the entry's id" : "HTTP " + status;
                        }
                    }
                }

                @Override
                public void failed(String problem, long now) {
                    phase.inFlight.decrementAndGet();
                    phase.failed.incrementAndGet();
                    phase.latency.recordMissing();
                    if (phase.firstProblem == null) {
                        phase.firstProblem = problem;
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

    /** The outbox relay's own threads in journal: its loop and its Kafka producer's I/O thread (client id outbox-relay). */
    private static final List<String> RELAY_THREADS = List.of("outbox-relay", "kafka-producer-");

    private static long relayTicks(ProcessCpu cpu) {
        return cpu == null ? -1 : cpu.journalPid().map(pid -> ProcessCpu.threadTicks(pid, RELAY_THREADS)).orElse(-1L);
    }

    private static Map<String, Double> journalMetrics(String management) {
        try {
            return LoadBench.scrape(management);
        } catch (Exception e) {
            return Map.of();
        }
    }

    /**
     * What the outbox relay cost per entry during a phase: its threads' CPU in journal (not what its statements cost
     * PostgreSQL, nor what its produce requests cost Kafka: those are in their rows), its rounds and statements per entry.
     */
    static Optional<String> relayLine(long entries, long ticksBefore, long ticksAfter, Map<String, Double> before, Map<String, Double> after) {
        if (entries == 0 || after.isEmpty()) {
            return Optional.empty();
        }
        double published = LoadBench.delta(before, after, "openly_outbox_published_total");
        if (!after.containsKey("openly_outbox_rounds_total")) {
            return Optional.of(String.format("outbox relay: %.0f events published (this journal does not count its rounds)", published));
        }
        double full = LoadBench.delta(before, after, "openly_outbox_rounds_total", "result=\"published\"");
        double empty = LoadBench.delta(before, after, "openly_outbox_rounds_total", "result=\"empty\"");
        double locked = LoadBench.delta(before, after, "openly_outbox_rounds_total", "result=\"locked\"");
        // Statements per round (OutboxRelay): published 3 (lock, delete-returning, commit), empty 3 (the same, rolled
        // back), locked 2 (lock, rollback).
        double statements = 3 * full + 3 * empty + 2 * locked;
        return Optional.of(String.format("outbox relay: %.0f events in %.0f rounds (%.1f events/round; %.0f empty, %.0f locked): %.2f statements/entry%s",
                published, full, published / Math.max(1, full), empty, locked, statements / entries,
                ticksBefore < 0 || ticksAfter < 0 ? "" : String.format("; its threads in journal %d CPU-ms (%.3f CPU-ms/entry)",
                        (ticksAfter - ticksBefore) * 10, (ticksAfter - ticksBefore) * 10.0 / entries)));
    }

    /** A 201's body names the entry it recorded ({@code "id":"<uuid>"}); one without is counted as a wrong answer. */
    static boolean hasEntryId(String body) {
        int at = body.indexOf("\"id\":\"");
        if (at < 0 || body.length() < at + 6 + 36) {
            return false;
        }
        try {
            UUID.fromString(body.substring(at + 6, at + 6 + 36));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
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
