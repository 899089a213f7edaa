package app.openly.reminder;

import app.openly.testsupport.contract.PersonalDataCatalogueContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** reminder-service's export and erasure read one catalogue: a table added later is covered by both (see the contract). */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class PersonalDataCatalogueTest extends PersonalDataCatalogueContract {
}
