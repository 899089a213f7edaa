package app.openly.journal;

import app.openly.testsupport.contract.LedgerRetentionContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** journal-service's idempotency ledger: its migration's BRIN index, and the retention job on its database (see the contract). */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class LedgerRetentionTest extends LedgerRetentionContract {
}
