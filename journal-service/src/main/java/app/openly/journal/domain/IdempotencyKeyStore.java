package app.openly.journal.domain;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** SQL of the Idempotency-Key retention: deleting keys older than a cutoff, a batch per statement. */
@ApplicationScoped
public class IdempotencyKeyStore {

    // The ctids first (by idempotency_key_created, stopping at the batch size), then the rows by them (TID scan);
    // created_at is checked again on the row itself.
    static final String DELETE_BATCH_CREATED_BEFORE = "delete from idempotency_key where ctid = any(array("
            + "select ctid from idempotency_key where created_at < ? limit ?)) and created_at < ?";

    @Inject
    AgroalDataSource dataSource;

    /** What one deletion did: keys deleted and the statements it took. */
    public record Deleted(long keys, int batches) {
    }

    /** Deletes every key created before {@code cutoff}, {@code batchSize} per statement, each statement committed. */
    public Deleted deleteCreatedBefore(Instant cutoff, int batchSize) throws SQLException {
        Timestamp before = Timestamp.from(cutoff);
        long total = 0;
        int batches = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true); // each batch its own transaction: short locks, progress kept
            try (PreparedStatement ps = c.prepareStatement(DELETE_BATCH_CREATED_BEFORE)) {
                int n;
                do {
                    ps.setTimestamp(1, before);
                    ps.setInt(2, batchSize);
                    ps.setTimestamp(3, before);
                    n = ps.executeUpdate();
                    batches++;
                    total += n;
                    // Until a batch deletes nothing: two replicas racing may each get a short batch while older keys remain.
                } while (n > 0);
            }
        }
        return new Deleted(total, batches);
    }
}
