package app.openly.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

/**
 * The opt-in bench of a service's entry-events consumer ({@code -Dbench=true}, {@code bench/consumers.sh}): events/s
 * working through a backlog published at once ({@link ConsumerDrain}), as configured (a batch per poll, one
 * transaction per batch) or, with the {@link OneRecordPerPoll} profile, one record per poll (one transaction and one
 * commit per event, as before batching, issue 17). A service has one small subclass of each, annotated
 * {@code @QuarkusTest}, {@code @WithTestResource(<its infrastructure>)} and
 * {@code @EnabledIfSystemProperty(named = "bench", matches = "true")}; both run in the same surefire run, so their
 * ratio comes from one run. Each appends its line to {@code target/bench-entry-events.txt}.
 */
public abstract class EntryEventsDrainBenchBase {

    public static final Path REPORT = Path.of("target/bench-entry-events.txt");
    public static final int EVENTS = Integer.getInteger("bench.events", 3000);
    public static final int PEOPLE = Integer.getInteger("bench.people", 500);

    /** The one-by-one variant's profile: one record per Kafka poll. */
    public static class OneRecordPerPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.entry-events.max.poll.records", "1");
        }
    }

    private final String label;
    /** Events drained before the measured run (a subclass that measures CPU starts counting after them). */
    protected final int warmUpEvents;

    /** @param oneByOne whether the subclass runs with {@link OneRecordPerPoll} (only the label and warm-up differ) */
    protected EntryEventsDrainBenchBase(String service, boolean oneByOne) {
        this.label = service + (oneByOne ? " one by one" : " batches");
        this.warmUpEvents = oneByOne ? 300 : 500;
    }

    @Test
    void eventsPerSecond() throws Exception {
        ConsumerDrain.measure("warm-up", warmUpEvents, 100);
        ConsumerDrain.report(ConsumerDrain.measure(label, EVENTS, PEOPLE), REPORT);
    }
}
