package app.openly.platform.budget;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Each person's budgets on this replica: requests per fixed window, separately for reads and writes, and
 * requests in flight. In memory on purpose: it is checked on every request, must cost nothing next to the
 * request, and only has to stop one person from crowding out the others here (journal's stricter entry-write
 * budget stays in PostgreSQL, shared by all replicas).
 */
@ApplicationScoped
public class PersonBudgets {

    public static final String READS = "reads";
    public static final String WRITES = "writes";
    private static final int TIDY_ABOVE = 10_000;

    /** What one request was told: the policy, its quota and window, what remains, and whether it may go on. */
    public record Decision(String policy, int quota, long windowSeconds, int remaining, long resetSeconds,
                           boolean allowed, boolean tooManyAtOnce) {

        public String policyHeader() {
            return "\"" + policy + "\";q=" + quota + ";w=" + windowSeconds;
        }

        public String rateLimitHeader() {
            return "\"" + policy + "\";r=" + remaining + ";t=" + resetSeconds;
        }

        /** Seconds to wait: the window's end for a spent budget, one second for too many at once. */
        public long retryAfterSeconds() {
            return tooManyAtOnce ? 1 : Math.max(1, resetSeconds);
        }
    }

    private static final class Person {
        int inFlight;
        long windowStartMillis = Long.MIN_VALUE;
        int reads;
        int writes;
    }

    @Inject
    BudgetConfig config;

    private final ConcurrentHashMap<String, Person> people = new ConcurrentHashMap<>();

    public boolean enabled() {
        return config.enabled();
    }

    /** Counts one request of {@code person} (a read unless {@code write}); when allowed, {@link #release} must follow. */
    public Decision take(String person, boolean write, long nowMillis) {
        if (people.size() > TIDY_ABOVE) {
            tidy(nowMillis);
        }
        long windowMillis = config.window().toMillis();
        int quota = write ? config.writesPerWindow() : config.readsPerWindow();
        String policy = write ? WRITES : READS;
        Person p = people.computeIfAbsent(person, k -> new Person());
        synchronized (p) {
            if (nowMillis - p.windowStartMillis >= windowMillis || p.windowStartMillis == Long.MIN_VALUE) {
                p.windowStartMillis = nowMillis;
                p.reads = 0;
                p.writes = 0;
            }
            long reset = Math.max(1, (p.windowStartMillis + windowMillis - nowMillis + 999) / 1000);
            int used = write ? p.writes : p.reads;
            if (used >= quota) {
                return new Decision(policy, quota, windowMillis / 1000, 0, reset, false, false);
            }
            if (p.inFlight >= config.concurrentPerPerson()) {
                return new Decision(policy, quota, windowMillis / 1000, quota - used, reset, false, true);
            }
            if (write) {
                p.writes++;
            } else {
                p.reads++;
            }
            p.inFlight++;
            return new Decision(policy, quota, windowMillis / 1000, quota - used - 1, reset, true, false);
        }
    }

    public void release(String person) {
        Person p = people.get(person);
        if (p != null) {
            synchronized (p) {
                p.inFlight = Math.max(0, p.inFlight - 1);
            }
        }
    }

    private void tidy(long nowMillis) {
        long windowMillis = config.window().toMillis();
        people.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().inFlight == 0 && nowMillis - e.getValue().windowStartMillis >= windowMillis;
            }
        });
    }
}
