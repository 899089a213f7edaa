package app.openly.journal.security;

import app.openly.journal.JournalTestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link FairnessBench} without the bound on one person's requests in flight: the "before" of issue 16 §3. */
@QuarkusTest
@TestProfile(FairnessBench.Unbounded.class)
@WithTestResource(JournalTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
public class FairnessUnboundedBench extends FairnessBench {
}
