package app.openly.platform.messaging;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;

/**
 * Whether the database answers right now. A consumer asks it when a record failed for a reason {@link FailureKind}
 * cannot place: while the database is away such a failure is waited out like a transient one, while it answers the
 * record itself is suspect.
 */
@ApplicationScoped
public class DatabaseProbe {

    @Inject
    AgroalDataSource dataSource;

    public boolean answers() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
