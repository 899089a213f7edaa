package app.openly.reminder.domain.delivery;

import app.openly.events.EventJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which kinds of notification go to which channel, per person ({@code notification_routing}); default: all to all. */
@ApplicationScoped
public class NotificationRouting {

    @Inject
    EntityManager em;

    public static Map<NotificationKind, Set<Channel>> everywhere() {
        Map<NotificationKind, Set<Channel>> all = new EnumMap<>(NotificationKind.class);
        for (NotificationKind k : NotificationKind.values()) {
            all.put(k, EnumSet.allOf(Channel.class));
        }
        return all;
    }

    @Transactional
    public Map<NotificationKind, Set<Channel>> of(String userId) {
        List<?> rows = em.createNativeQuery("select cast(routes as text) from notification_routing where user_id = :userId")
                .setParameter("userId", userId).getResultList();
        Map<NotificationKind, Set<Channel>> routes = everywhere();
        if (!rows.isEmpty()) {
            try {
                Map<NotificationKind, Set<Channel>> stored = EventJson.mapper().readValue((String) rows.get(0), new TypeReference<>() {
                });
                routes.putAll(stored);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored notification routes cannot be read", e);
            }
        }
        return routes;
    }

    public boolean allows(String userId, NotificationKind kind, Channel channel) {
        return of(userId).getOrDefault(kind, Set.of()).contains(channel);
    }

    @Transactional
    public Map<NotificationKind, Set<Channel>> replace(String userId, Map<NotificationKind, Set<Channel>> routes, Instant now) {
        Map<NotificationKind, Set<Channel>> complete = new EnumMap<>(NotificationKind.class);
        for (NotificationKind k : NotificationKind.values()) {
            Set<Channel> channels = routes.get(k);
            complete.put(k, channels == null || channels.isEmpty() ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(channels));
        }
        String json;
        try {
            json = EventJson.mapper().writeValueAsString(complete);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        em.createNativeQuery("""
                        insert into notification_routing (user_id, routes, updated_at) values (:userId, cast(:routes as jsonb), :updatedAt)
                        on conflict (user_id) do update set routes = excluded.routes, updated_at = excluded.updated_at""")
                .setParameter("userId", userId).setParameter("routes", json).setParameter("updatedAt", now.atOffset(ZoneOffset.UTC)).executeUpdate();
        return complete;
    }
}
