package app.openly.platform.durability;

import app.openly.events.EventEnvelope;
import app.openly.platform.messaging.EntryEventHandler;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.ValidationException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test application's handler: records each application of an event, so a test can count them. A person's name
 * can ask for a failure, so tests reach the consumer's failure paths through real records:
 * <ul>
 * <li>{@value #HOLD}…: waits until {@link #release()} (the records published meanwhile arrive as one batch);</li>
 * <li>{@value #ABORT_ONCE}…: once per person, at their first event applied after at least three others in the same
 * transaction, the database session is terminated (as if PostgreSQL or the service died mid-batch);</li>
 * <li>{@value #INVALID}…: fails bean validation (a record that decodes but can never be applied).</li>
 * </ul>
 */
@ApplicationScoped
public class TestEffects implements EntryEventHandler {

    public static final String HOLD = "hold-";
    public static final String ABORT_ONCE = "abort-once-";
    public static final String INVALID = "invalid-";

    private static volatile CountDownLatch gate = new CountDownLatch(0);
    private static volatile boolean holding;
    private static final Set<String> aborted = ConcurrentHashMap.newKeySet();
    /** Events applied in the current transaction before the abort, as the handler saw them (not as committed). */
    private static final AtomicInteger appliedBeforeAbort = new AtomicInteger(-1);
    private static final AtomicInteger inThisTransaction = new AtomicInteger();
    private static volatile long lastTransaction = -1;

    @Inject
    EntityManager em;
    @Inject
    AgroalDataSource dataSource;

    @Override
    public void apply(EventEnvelope event) {
        long tx = ((Number) em.createNativeQuery("select txid_current()").getSingleResult()).longValue();
        if (tx != lastTransaction) {
            lastTransaction = tx;
            inThisTransaction.set(0);
        }
        String user = event.userId();
        if (user.startsWith(HOLD)) {
            holding = true;
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            holding = false;
        }
        if (user.startsWith(INVALID)) {
            throw new ValidationException("the test event is invalid");
        }
        if (user.startsWith(ABORT_ONCE) && inThisTransaction.get() >= 3 && aborted.add(user)) {
            appliedBeforeAbort.set(inThisTransaction.get());
            // The server ends this session: everything the transaction wrote so far is gone with it.
            em.createNativeQuery("select pg_terminate_backend(pg_backend_pid())").getResultList();
        }
        em.createNativeQuery("insert into test_effect (event_id, user_id) values (:id, :user)")
                .setParameter("id", event.eventId())
                .setParameter("user", event.userId())
                .executeUpdate();
        inThisTransaction.incrementAndGet();
    }

    /** The next {@value #HOLD} event waits in the handler until {@link #release()}. */
    public static void closeGate() {
        gate = new CountDownLatch(1);
    }

    public static boolean holding() {
        return holding;
    }

    public static void release() {
        gate.countDown();
    }

    /** How many events the aborted transaction had applied before its session ended; -1 before any abort. */
    public static int appliedBeforeAbort() {
        return appliedBeforeAbort.get();
    }

    /** How many times the event's effect was applied (0, 1, or more if idempotency failed). */
    public int applications(UUID eventId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from test_effect where event_id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
