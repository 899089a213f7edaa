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

/**
 * Which kinds of notification go to which channel, per person ({@code notification_routing}). Default: every kind to
 * every channel that can carry it, so the weekly summary also to {@link Channel#EMAIL} (the letter, once the person
 * has confirmed an address). The routes are the one truth for letters too: confirming an address adds the e-mail
 * route of the weekly summary, its one-click unsubscribe removes it.
 */
@ApplicationScoped
public class NotificationRouting {

    @Inject
    EntityManager em;

    /** The defaults: every kind to every channel that carries it. */
    public static Map<NotificationKind, Set<Channel>> everywhere() {
        Map<NotificationKind, Set<Channel>> all = new EnumMap<>(NotificationKind.class);
        for (NotificationKind k : NotificationKind.values()) {
            EnumSet<Channel> channels = EnumSet.noneOf(Channel.class);
            for (Channel c : Channel.values()) {
                if (c.carries(k)) {
                    channels.add(c);
                }
            }
            all.put(k, channels);
        }
        return all;
    }

    private static final TypeReference<Map<NotificationKind, Set<Channel>>> ROUTES = new TypeReference<>() {
    };

    @Transactional
    public Map<NotificationKind, Set<Channel>> of(String userId) {
        List<?> rows = em.createNativeQuery("select cast(routes as text) from notification_routing where user_id = :userId")
                .setParameter("userId", userId).getResultList();
        Map<NotificationKind, Set<Channel>> routes = everywhere();
        if (!rows.isEmpty()) {
            try {
                Map<NotificationKind, Set<Channel>> stored = EventJson.reader().forType(ROUTES).readValue((String) rows.get(0));
                // As EnumSets: the channels in their declared order in every answer, however the JSON listed them.
                stored.forEach((kind, channels) -> routes.put(kind,
                        channels == null || channels.isEmpty() ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(channels)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored notification routes cannot be read", e);
            }
        }
        return routes;
    }

    public boolean allows(String userId, NotificationKind kind, Channel channel) {
        return of(userId).getOrDefault(kind, Set.of()).contains(channel);
    }

    /** Adds one route (e.g. the weekly letter by e-mail, when the person confirms an address); the others stay. */
    @Transactional
    public Map<NotificationKind, Set<Channel>> add(String userId, NotificationKind kind, Channel channel, Instant now) {
        return change(userId, kind, channel, true, now);
    }

    /** Removes one route (e.g. the one-click unsubscribe of the weekly letter); the others stay. */
    @Transactional
    public Map<NotificationKind, Set<Channel>> remove(String userId, NotificationKind kind, Channel channel, Instant now) {
        return change(userId, kind, channel, false, now);
    }

    private Map<NotificationKind, Set<Channel>> change(String userId, NotificationKind kind, Channel channel, boolean on, Instant now) {
        // The person's row, locked (created with the defaults if there is none), so two changes at once both count.
        em.createNativeQuery("""
                        insert into notification_routing (user_id, routes, updated_at) values (:userId, cast(:routes as jsonb), :updatedAt)
                        on conflict (user_id) do nothing""")
                .setParameter("userId", userId).setParameter("routes", json(everywhere()))
                .setParameter("updatedAt", now.atOffset(ZoneOffset.UTC)).executeUpdate();
        em.createNativeQuery("select 1 from notification_routing where user_id = :userId for update").setParameter("userId", userId).getResultList();
        Map<NotificationKind, Set<Channel>> routes = of(userId);
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        channels.addAll(routes.getOrDefault(kind, Set.of()));
        if (on) {
            channels.add(channel);
        } else {
            channels.remove(channel);
        }
        routes.put(kind, channels);
        return replace(userId, routes, now);
    }

    private static String json(Map<NotificationKind, Set<Channel>> routes) {
        try {
            return EventJson.writer().writeValueAsString(routes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores the person's routes, every kind present ([] = nowhere); a channel that cannot carry a kind is left out. */
    @Transactional
    public Map<NotificationKind, Set<Channel>> replace(String userId, Map<NotificationKind, Set<Channel>> routes, Instant now) {
        Map<NotificationKind, Set<Channel>> complete = new EnumMap<>(NotificationKind.class);
        for (NotificationKind k : NotificationKind.values()) {
            Set<Channel> channels = routes.get(k);
            EnumSet<Channel> carried = channels == null || channels.isEmpty() ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(channels);
            carried.removeIf(c -> !c.carries(k));
            complete.put(k, carried);
        }
        String json = json(complete);
        em.createNativeQuery("""
                        insert into notification_routing (user_id, routes, updated_at) values (:userId, cast(:routes as jsonb), :updatedAt)
                        on conflict (user_id) do update set routes = excluded.routes, updated_at = excluded.updated_at""")
                .setParameter("userId", userId).setParameter("routes", json).setParameter("updatedAt", now.atOffset(ZoneOffset.UTC)).executeUpdate();
        return complete;
    }
}
