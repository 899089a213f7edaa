package app.openly.reminder.domain.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code web_push_subscription} rows: a person's browsers that receive reminders. Native SQL because a
 * registration is an upsert on (person, endpoint); rows come back as {@link Subscription} records.
 */
@ApplicationScoped
public class WebPushSubscriptions {

    private static final String COLUMNS = "select id, user_id, endpoint, p256dh, auth, created_at from web_push_subscription ";

    public record Subscription(UUID id, String userId, String endpoint, String p256dh, String auth, Instant createdAt) {
    }

    @Inject
    EntityManager em;

    /** Registers a browser; the same endpoint registered again by the same person keeps its id (and takes the new keys). */
    @Transactional
    public Subscription register(String userId, String endpoint, String p256dh, String auth, Instant now) {
        em.createNativeQuery("""
                        insert into web_push_subscription (id, user_id, endpoint, p256dh, auth, created_at)
                        values (:id, :userId, :endpoint, :p256dh, :auth, :createdAt)
                        on conflict (user_id, endpoint) do update set p256dh = excluded.p256dh, auth = excluded.auth""")
                .setParameter("id", UUID.randomUUID()).setParameter("userId", userId).setParameter("endpoint", endpoint)
                .setParameter("p256dh", p256dh).setParameter("auth", auth).setParameter("createdAt", now.atOffset(ZoneOffset.UTC))
                .executeUpdate();
        List<Tuple> rows = em.createNativeQuery(COLUMNS + "where user_id = :userId and endpoint = :endpoint", Tuple.class)
                .setParameter("userId", userId).setParameter("endpoint", endpoint).getResultList();
        return subscription(rows.get(0));
    }

    @Transactional
    public List<Subscription> of(String userId) {
        List<Tuple> rows = em.createNativeQuery(COLUMNS + "where user_id = :userId order by created_at, id", Tuple.class)
                .setParameter("userId", userId).getResultList();
        return rows.stream().map(WebPushSubscriptions::subscription).toList();
    }

    @Transactional
    public Optional<Subscription> find(String userId, UUID id) {
        List<Tuple> rows = em.createNativeQuery(COLUMNS + "where user_id = :userId and id = :id", Tuple.class)
                .setParameter("userId", userId).setParameter("id", id).getResultList();
        return rows.stream().map(WebPushSubscriptions::subscription).findFirst();
    }

    /** @return false when the person has no subscription with that id */
    @Transactional
    public boolean delete(String userId, UUID id) {
        return em.createNativeQuery("delete from web_push_subscription where user_id = :userId and id = :id")
                .setParameter("userId", userId).setParameter("id", id).executeUpdate() == 1;
    }

    /** The push service said the subscription is gone (404/410): never send to it again. */
    @Transactional
    public void prune(UUID id) {
        em.createNativeQuery("delete from web_push_subscription where id = :id").setParameter("id", id).executeUpdate();
    }

    private static Subscription subscription(Tuple row) {
        return new Subscription(row.get("id", UUID.class), row.get("user_id", String.class), row.get("endpoint", String.class),
                row.get("p256dh", String.class), row.get("auth", String.class), instant(row.get("created_at")));
    }

    static Instant instant(Object column) {
        if (column == null) {
            return null;
        }
        return column instanceof OffsetDateTime odt ? odt.toInstant() : app.openly.platform.persistence.Rows.instant(column);
    }
}
