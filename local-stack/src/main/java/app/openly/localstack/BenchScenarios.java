package app.openly.localstack;

import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What {@code ./openly bench journal} and {@code ./openly bench insights} measure, each against a baseline in the same
 * run, with {@link LoadBench}'s closed-loop clients.
 */
final class BenchScenarios {

    private BenchScenarios() {
    }

    /** POST /api/v1/entries with 32 clients against GET /q/health/live as the same-run baseline. */
    static void journal(String journalUrl, RSAPrivateKey key, int clients, Duration duration) throws Exception {
        journal(journalUrl, null, key, clients, duration, null);
    }

    /**
     * As above, and with {@code journalJdbcUrl} the database's ceiling for the same write: {@link JournalWriteTransaction}
     * over plain JDBC at the same concurrency, right after the POST run, and the ratio of the two (issue 17 goal 1).
     * With {@code home} (the stack's .openly directory) also the CPU each of the stack's processes spent per entry during
     * both runs ({@link ProcessCpu}), so the ratio comes with where the cores went.
     */
    static void journal(String journalUrl, String journalJdbcUrl, RSAPrivateKey key, int clients, Duration duration, java.nio.file.Path home)
            throws Exception {
        ProcessCpu cpu = home != null && ProcessCpu.available() ? new ProcessCpu(home) : null;
        String management = LoadBench.managementUrl(journalUrl, System.getenv("JOURNAL_MANAGEMENT_URL"));
        Clock clock = Clock.systemUTC();
        // Many people, so the per-person write limit (60/min) is never what is measured: 2,000 stay under it up to
        // 2,000 POST/s. Every one of them writes once in the warm-up, so the measured run is each person's steady
        // state (data key and write budget exist, token verified once), as it is for the ceiling's copied rows.
        int people = 2000;
        String[] tokens = new String[people];
        for (int p = 0; p < people; p++) {
            tokens[p] = JwtSigner.sign(key, "bench-" + p, "bench-org", null, clock);
        }
        String occurred = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5).toString();
        String body = "{\"practice\":\"HONEST_SENTENCE\",\"occurredAt\":\"" + occurred + "\",\"timeZone\":\"Europe/Berlin\","
                + "\"sentence\":\"I told my sister I have been lonely since the move and I was afraid she would pull away.\","
                + "\"sharedWith\":\"my sister\",\"shared\":true,\"courage\":4,\"feeling\":\"NERVOUS\",\"note\":\"It felt lighter afterwards.\"}";
        // A fresh key per request: the service then looks the key up and stores it, as the ceiling does.
        EntryPosts posts = new EntryPosts(URI.create(journalUrl + "/api/v1/entries"), tokens, body);
        IntFunction<byte[]> postEntry = posts::request;
        URI journal = URI.create(journalUrl);
        URI managementServer = URI.create(management);
        byte[] live = LoadBench.get(management + "/q/health/live");
        System.out.println("journal-service, " + clients + " concurrent clients, " + duration.toSeconds() + " s each:");
        if (journalJdbcUrl != null) {
            System.out.println("  PostgreSQL: " + BenchConditions.durability(journalJdbcUrl));
        }
        BenchConditions.print("at start");
        BenchConditions.printBusiest("at start");
        // Warm both paths first (JIT, pools, each bench person's data key), so neither measurement pays for it: POST in
        // 10 s rounds until every bench person has written once, the rate stops climbing and the three services' JIT
        // is quiet (WarmUpRounds; up to 5 minutes after a start on 2 cores). A short run (BENCH_SHORT) stops after two
        // rounds and says whether it was warm.
        LoadBench.run("warm-up", managementServer, clients, Duration.ofSeconds(3), i -> live, 200);
        boolean shortRun = duration.toSeconds() < 15;
        Duration postRound = Duration.ofSeconds(10);
        WarmUpRounds postRounds = new WarmUpRounds(shortRun ? 2 : 30, postRound);
        JitWatch serviceJit = JitWatch.of(cpu, List.of("journal", "reminder", "insights"));
        int warmed = 0;
        while (warmed < people || !postRounds.done()) {
            int from = warmed;
            serviceJit.mark();
            LoadBench.Result round = LoadBench.run("warm-up POST", journal, clients, postRound, i -> postEntry.apply(from + i), 201);
            warmed += round.requests();
            postRounds.add(round.perSecond(), serviceJit.mostSinceMark());
        }
        System.out.println("  warm-up POST /api/v1/entries, 10 s rounds: " + postRounds.describe());
        // POST right after its warm-up, the health baseline after it: nothing else goes through journal's HTTP stack
        // between the warm-up and the measured run (the baseline's ~30,000 GETs/s did until 2026-12-03).
        // Two idle seconds, so a tool sampling once a second (bench/postgres/analyze.py) sees the measured run as a
        // stretch of its own, apart from the warm-up rounds.
        Thread.sleep(2_000);
        String postCheckpoint = journalJdbcUrl == null ? null : BenchConditions.checkpoint(journalJdbcUrl);
        Map<String, Double> before = LoadBench.scrape(management); // around the POST run only: its time is split below
        WalActivity walBefore = journalJdbcUrl == null ? null : WalActivity.sample(journalJdbcUrl);
        ProcessCpu.Sample cpuBefore = cpu == null ? null : cpu.sample();
        LoadBench.Result post = LoadBench.run("POST /api/v1/entries", journal, clients, duration, postEntry, 201);
        ProcessCpu.Sample cpuAfter = cpu == null ? null : cpu.sample();
        WalActivity walAfter = journalJdbcUrl == null ? null : WalActivity.sample(journalJdbcUrl);
        Map<String, Double> after = LoadBench.scrape(management);
        List<String> postWalByRelation = walByRelation(journalJdbcUrl, walBefore, walAfter, post.requests(), "entry");
        LoadBench.Result baseline = LoadBench.run("baseline GET /q/health/live", managementServer, clients, duration, i -> live, 200);
        System.out.println("  " + post);
        printIfKnown("    PostgreSQL: ", postCheckpoint);
        printIfKnown("    PostgreSQL during it: ", WalActivity.describe(walBefore, walAfter, post.requests(), "entry"));
        postWalByRelation.forEach(l -> System.out.println("    " + l));
        System.out.println("  " + baseline);
        System.out.printf("  ratio: POST throughput is %.3f of the baseline's; POST p99 is %.1fx the baseline's%n",
                post.perSecond() / baseline.perSecond(), (double) post.p99Micros() / Math.max(1, baseline.p99Micros()));
        if (journalJdbcUrl != null) {
            // The entry's text as EntryCodec seals it (EntryContent as JSON), so the ceiling's rows are as large as the service's.
            JournalWriteTransaction tx = new JournalWriteTransaction("{\"sentence\":\"I told my sister I have been lonely since the move and I was afraid "
                    + "she would pull away.\",\"sharedWith\":\"my sister\",\"note\":\"It felt lighter afterwards.\"}", 640);
            ProcessCpu.Sample ceilingBefore;
            ProcessCpu.Sample ceilingAfter;
            JdbcCeiling.Result ceiling;
            String ceilingCheckpoint;
            WalActivity ceilingWalBefore;
            WalActivity ceilingWalAfter;
            List<String> ceilingWalByRelation;
            try (JdbcCeiling jdbc = JdbcCeiling.prepare(journalJdbcUrl, clients)) {
                // What the ceiling runs on, as full as the service's tables: the ratio below compares like with like.
                System.out.println("  JDBC ceiling's tables: " + jdbc.copies().describe());
                // Warmed like POST: the load generator's JDBC path compiles over the first seconds too, and a cold
                // ceiling would flatter the ratio.
                Duration ceilingRound = Duration.ofSeconds(5);
                WarmUpRounds ceilingRounds = new WarmUpRounds(shortRun ? 2 : 12, ceilingRound);
                JitWatch ownJit = JitWatch.ofThisJvm();
                while (!ceilingRounds.done()) {
                    ownJit.mark();
                    ceilingRounds.add(jdbc.measure("bench-", people, ceilingRound, tx).perSecond(), ownJit.mostSinceMark());
                }
                System.out.println("  warm-up JDBC ceiling, 5 s rounds: " + ceilingRounds.describe());
                ceilingCheckpoint = BenchConditions.checkpoint(journalJdbcUrl);
                ceilingWalBefore = WalActivity.sample(journalJdbcUrl);
                ceilingBefore = cpu == null ? null : cpu.sample();
                ceiling = jdbc.measure("bench-", people, duration, tx);
                ceilingAfter = cpu == null ? null : cpu.sample();
                ceilingWalAfter = WalActivity.sample(journalJdbcUrl);
                // Before the copies are dropped, so their names can still be read.
                ceilingWalByRelation = walByRelation(journalJdbcUrl, ceilingWalBefore, ceilingWalAfter, ceiling.transactions(), "tx");
            }
            System.out.println("  " + ceiling);
            printIfKnown("    PostgreSQL: ", ceilingCheckpoint);
            printIfKnown("    PostgreSQL during it: ", WalActivity.describe(ceilingWalBefore, ceilingWalAfter, ceiling.transactions(), "tx"));
            ceilingWalByRelation.forEach(l -> System.out.println("    " + l));
            CeilingRatio ratio = new CeilingRatio(post.perSecond(), ceiling.perSecond());
            System.out.println("  " + ratio.describe());
            if (cpu != null) {
                System.out.println("  " + ratio.describeBound(ProcessCpu.boxMsPerRequest(cpuBefore, cpuAfter, post.requests()),
                        ProcessCpu.msPerRequest(cpuBefore, cpuAfter, "journal", post.requests()), Runtime.getRuntime().availableProcessors()));
                ProcessCpu.describe(cpuBefore, cpuAfter, post.requests(), "entry", "POST /api/v1/entries").forEach(l -> System.out.println("  " + l));
                // The ceiling's sample spans its transactions only: copying its tables, connecting and dropping are outside it.
                ProcessCpu.describe(ceilingBefore, ceilingAfter, ceiling.transactions(), "tx", "the JDBC ceiling (its transactions; copying its tables and opening its connections not counted)")
                        .forEach(l -> System.out.println("  " + l));
            }
        } else {
            System.out.println("  (no --jdbc: the database ceiling was not measured)");
            if (cpu != null) {
                ProcessCpu.describe(cpuBefore, cpuAfter, post.requests(), "entry", "POST /api/v1/entries").forEach(l -> System.out.println("  " + l));
            }
        }
        BenchConditions.print("at end");
        double write = LoadBench.delta(before, after, "openly_journal_write_seconds_sum");
        // AES-GCM work only; openly_journal_crypto also holds the key lookup, which is database time.
        double crypto = LoadBench.delta(before, after, "openly_journal_crypto_cipher_seconds_sum");
        double themes = LoadBench.delta(before, after, "openly_journal_themes_seconds_sum");
        if (write > 0) {
            double request = LoadBench.delta(before, after, "http_server_requests_seconds_sum");
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
        byte[] heavyRequest = LoadBench.get(url, "Authorization: Bearer " + heavyToken);
        byte[] lightRequest = LoadBench.get(url, "Authorization: Bearer " + lightToken);
        IntFunction<byte[]> heavy = i -> heavyRequest;
        IntFunction<byte[]> light = i -> lightRequest;
        URI server = URI.create(insightsUrl);
        System.out.println("insights-service GET /weekly?week=" + week + ", " + clients + " concurrent clients, " + duration.toSeconds() + " s each:");
        LoadBench.run("warm-up", server, clients, Duration.ofSeconds(20), i -> (i % 2 == 0 ? heavy : light).apply(i), 200);
        // Baseline before and after, so a JVM still warming up or a box getting busier shows, and is averaged out.
        LoadBench.Result before = LoadBench.run("few entries (baseline, before)", server, clients, duration, light, 200);
        LoadBench.Result history = LoadBench.run("years of daily entries", server, clients, duration, heavy, 200);
        LoadBench.Result after = LoadBench.run("few entries (baseline, after)", server, clients, duration, light, 200);
        System.out.println("  " + before);
        System.out.println("  " + history);
        System.out.println("  " + after);
        double baselineP99 = (before.p99Micros() + after.p99Micros()) / 2.0;
        double baselineRate = (before.perSecond() + after.perSecond()) / 2;
        System.out.printf("  ratio: p99 with years of history is %.2fx the baseline's (mean of before and after); throughput %.2f of the baseline's%n",
                history.p99Micros() / Math.max(1, baselineP99), history.perSecond() / baselineRate);
    }

    /** The run's full-page images by relation, top 8; one line saying why when they cannot be read. */
    private static List<String> walByRelation(String jdbcUrl, WalActivity before, WalActivity after, long units, String unit) {
        if (jdbcUrl == null || before == null || after == null) {
            return List.of();
        }
        try {
            return WalByRelation.describe(WalByRelation.shares(jdbcUrl, before.position(), after.position()), units, unit, 8);
        } catch (java.sql.SQLException e) {
            return List.of("full-page images by relation: not read (pg_walinspect, as the local superuser: " + e.getSQLState() + " " + e.getMessage() + ")");
        }
    }

    private static void printIfKnown(String prefix, String line) {
        if (line != null) {
            System.out.println(prefix + line);
        }
    }
}
