package app.openly.reminder.domain.delivery;

import app.openly.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code web_push_subscription} rows: a person's browsers that receive reminders. */
@ApplicationScoped
public class WebPushSubscriptions {

    public record Subscription(UUID id, String userId, String endpoint, String p256dh, String auth, Instant createdAt) {
    }

    @Inject
    EntityManager em;

    /** Registers a browser; the same endpoint registered again by the same person keeps its id (and takes the new keys). */
    @Transactional
    public Subscription register(String userId, String endpoint, String p256dh, String auth, Instant now) {
        em.createNativeQuery("""
                        insert into web_push_subscription (id, user_id, endpoint, p256dh, auth, created_at) values (:id, :u, :e, :k, :a, :t)
                        on conflict (user_id, endpoint) do update set p256dh = excluded.p256dh, auth = excluded.auth""")
                .setParameter("id", UUID.randomUUID()).setParameter("u", userId).setParameter("e", endpoint)
                .setParameter("k", p256dh).setParameter("a", auth).setParameter("t", now.atOffset(ZoneOffset.UTC)).executeUpdate();
        return query("where user_id = :u and endpoint = :e", userId, endpoint).get(0);
    }

    @Transactional
    public List<Subscription> of(String userId) {
        return query("where user_id = :u order by created_at, id", userId, null);
    }

    @Transactional
    public Optional<Subscription> find(String userId, UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, user_id, endpoint, p256dh, auth, created_at from web_push_subscription where user_id = :u and id = :id")
                .setParameter("u", userId).setParameter("id", id).getResultList();
        return rows.stream().map(WebPushSubscriptions::row).findFirst();
    }

    /** @return false when the person has no subscription with that id */
    @Transactional
    public boolean delete(String userId, UUID id) {
        return em.createNativeQuery("delete from web_push_subscription where user_id = :u and id = :id")
                .setParameter("u", userId).setParameter("id", id).executeUpdate() == 1;
    }

    /** The push service said the subscription is gone (404/410): never send to it again. */
    @Transactional
    public void prune(UUID id) {
        em.createNativeQuery("delete from web_push_subscription where id = :id").setParameter("id", id).executeUpdate();
    }

    private List<Subscription> query(String where, String userId, String endpoint) {
        var q = em.createNativeQuery("select id, user_id, endpoint, p256dh, auth, created_at from web_push_subscription " + where)
                .setParameter("u", userId);
        if (endpoint != null) {
            q.setParameter("e", endpoint);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        return rows.stream().map(WebPushSubscriptions::row).toList();
    }

    private static Subscription row(Object[] r) {
        return new Subscription((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], Rows.instant(r[5]));
    }
}
