package app.openly.reminder.domain.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code web_push_subscription} rows: a person's browsers that receive reminders. Native SQL because a
 * registration is an upsert on (person, endpoint); rows come back as {@link Subscription} records.
 */
@ApplicationScoped
public class WebPushSubscriptions extends TargetStore<WebPushSubscriptions.Subscription> {

    public record Subscription(UUID id, String userId, String endpoint, String p256dh, String auth, Instant createdAt) {
    }

    public WebPushSubscriptions() {
        super("web_push_subscription", "id, user_id, endpoint, p256dh, auth, created_at");
    }

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
        return select("user_id = :userId and endpoint = :endpoint", Map.of("userId", userId, "endpoint", endpoint)).get(0);
    }

    @Transactional
    public Optional<Subscription> find(String userId, UUID id) {
        return select("user_id = :userId and id = :id", Map.of("userId", userId, "id", id)).stream().findFirst();
    }

    @Override
    protected Subscription row(Tuple row) {
        return new Subscription(row.get("id", UUID.class), row.get("user_id", String.class), row.get("endpoint", String.class),
                row.get("p256dh", String.class), row.get("auth", String.class), instant(row.get("created_at")));
    }
}
