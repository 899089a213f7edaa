package app.openly.insights;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Map;

/**
 * {@link EntryEventsPacedBench} with fewer, bigger fetches (a proposal, not the configuration): the broker answers once
 * 16 KiB (~30 events) are there or 100 ms have passed, instead of at the first record, so below full load a batch carries
 * several relay rounds and its fixed cost (ledger, 13 statements, one durable commit, one fetch) is paid less often, for
 * at most 100 ms more delay.
 */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
@TestProfile(EntryEventsPacedBiggerFetchBench.BiggerFetches.class)
class EntryEventsPacedBiggerFetchBench extends EntryEventsPacedBench {

    public static class BiggerFetches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.entry-events.fetch.min.bytes", "16384",
                    "mp.messaging.incoming.entry-events.fetch.max.wait.ms", "100");
        }
    }

    @Override
    String label() {
        return "insights-service paced, fetch.min.bytes=16384 fetch.max.wait.ms=100";
    }
}
