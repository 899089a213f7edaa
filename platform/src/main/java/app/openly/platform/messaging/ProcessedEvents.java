package app.openly.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The idempotency ledger of consumers. Call {@link #firstTime} in the same transaction that applies
 * the event: a redelivered event finds its id already there and is skipped, and if applying fails
 * the ledger row rolls back with it.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager em;

    /** {@code true} if {@code consumer} has not processed {@code eventId} before (and records that it now has). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String consumer, UUID eventId) {
        return em.createNativeQuery("insert into processed_event (consumer, event_id) values (:consumer, :eventId) on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate() == 1;
    }

    /**
     * The ids among {@code eventIds} that {@code consumer} has not processed before, all recorded as processed now
     * in one statement (a batch costs one round trip to the ledger, not one per event). An id given twice is
     * returned once: the caller applies its first occurrence and skips the others.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> firstTimes(String consumer, Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        // Plain JDBC on the transaction's connection: a uuid[] parameter is not portable through JPA.
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "insert into processed_event (consumer, event_id) select distinct ?, id from unnest(?::uuid[]) as t(id) "
                            + "on conflict do nothing returning event_id")) {
                ps.setString(1, consumer);
                ps.setArray(2, connection.createArrayOf("uuid", eventIds.toArray()));
                Set<UUID> fresh = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fresh.add(rs.getObject(1, UUID.class));
                    }
                }
                return fresh;
            }
        });
    }
}
