package app.openly.journal;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.matchesPattern;

/** Many accounts guessing invitation codes together are slowed too: the budget for everyone is shared. */
@QuarkusTest
@TestProfile(GlobalGuessingLimitTest.FiveAttemptsForEveryone.class)
@WithTestResource(JournalTestInfrastructure.class)
class GlobalGuessingLimitTest {

    public static class FiveAttemptsForEveryone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openly.journal.rituals.attempts-globally", "5", "openly.journal.rituals.attempts-per-person", "100");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void giveEveryoneTheirBudgetBack() throws Exception {
        // The database is shared with the other tests' runs, which allow many more attempts.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from invitation_attempt_global_allowance");
        }
    }

    @Test
    void theSixthGuessByAnyoneWithinTheHourWaits() {
        for (int i = 0; i < 5; i++) {
            RitualPartnershipTest.accept("crowd-" + i + "-" + UUID.randomUUID(), "C", "ZZZZ-ZZZZ").statusCode(404);
        }
        RitualPartnershipTest.accept("crowd-6-" + UUID.randomUUID(), "C", "ZZZZ-ZZZZ").statusCode(429)
                .contentType("application/problem+json").header("Retry-After", matchesPattern("[1-9][0-9]*"));
    }
}
