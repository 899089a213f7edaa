package app.openly.localstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The Java half of {@code ./openly}: the bash script orchestrates processes, this class does what is
 * easier in Java. Every failure is one line on stderr and exit code 1 (no stack traces for people).
 */
public final class OpenlyLocal {

    private OpenlyLocal() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            fail("usage: OpenlyLocal postgres|setup|keys|token|demo [--option value ...]");
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        Path home = Path.of(options.getOrDefault("home", ".openly")).toAbsolutePath();
        try {
            switch (args[0]) {
                case "postgres" -> LocalPostgres.runUntilStopped(home.resolve("pg"), intOption(options, "pg-port"));
                case "setup" -> LocalSetup.run(intOption(options, "pg-port"), options.get("kafka"));
                case "keys" -> LocalKeys.ensure(home.resolve("keys"));
                case "token" -> System.out.println(JwtSigner.sign(LocalKeys.ensure(home.resolve("keys")),
                        required(options, "user"), options.get("org"), options.get("role"), java.time.Clock.systemUTC()));
                case "demo" -> DemoData.load(options.getOrDefault("journal", "http://localhost:8081"),
                        options.get("reminder"), options.get("insights"), LocalKeys.ensure(home.resolve("keys")), java.time.Clock.systemUTC());
                case "bench-journal" -> BenchScenarios.journal(options.getOrDefault("journal", "http://localhost:8081"), options.get("jdbc"),
                        LocalKeys.ensure(home.resolve("keys")), Integer.parseInt(options.getOrDefault("clients", "32")),
                        java.time.Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "15"))), home);
                case "bench-open-loop" -> OpenLoopBench.run(options.getOrDefault("journal", "http://localhost:8081"),
                        options.getOrDefault("pg", "jdbc:postgresql://localhost:5432"), LocalKeys.ensure(home.resolve("keys")),
                        new OpenLoopBench.Settings(OpenLoopBench.rates(options.getOrDefault("rates", "100,250,500")),
                                java.time.Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "60"))),
                                java.time.Duration.ofMillis(Long.parseLong(options.getOrDefault("poll-ms", "100"))),
                                java.time.Duration.ofSeconds(Long.parseLong(options.getOrDefault("drain-seconds", "60"))),
                                Integer.parseInt(options.getOrDefault("people", "1000"))), home);
                case "bench-insights" -> BenchScenarios.insightsWeekly(options.getOrDefault("insights", "http://localhost:8083"),
                        required(options, "heavy-token"), required(options, "light-token"), options.getOrDefault("week", "2026-W48"),
                        Integer.parseInt(options.getOrDefault("clients", "16")),
                        java.time.Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20"))));
                case "dlq-list" -> DeadLetterCommands.list(required(options, "kafka"), required(options, "topic"));
                case "dlq-replay" -> DeadLetterCommands.replay(required(options, "kafka"), required(options, "topic"),
                        Boolean.parseBoolean(options.getOrDefault("again", "false")), home.resolve("dlq-replays.log"));
                case "chaos" -> Chaos.run(options, home);
                case "mail-server" -> LocalMail.runUntilStopped(intOption(options, "smtp-port"), intOption(options, "imap-port"), home.resolve("mail"));
                case "mail-list" -> LocalMail.list(home.resolve("mail"), options.get("to"));
                default -> fail("unknown command " + args[0]);
            }
        } catch (LocalStackException e) {
            fail(e.getMessage());
        } catch (Exception e) {
            fail(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                fail("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                fail("--" + name + " needs a value");
            }
            options.put(name, args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            fail("--" + name + " is required");
        }
        return v;
    }

    private static int intOption(Map<String, String> options, String name) {
        try {
            return Integer.parseInt(required(options, name));
        } catch (NumberFormatException e) {
            fail("--" + name + " must be a number");
            return -1;
        }
    }

    static void fail(String message) {
        System.err.println("openly: " + message);
        System.exit(1);
    }
}
