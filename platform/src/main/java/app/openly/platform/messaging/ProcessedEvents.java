package app.openly.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

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
}
