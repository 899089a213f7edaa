package app.openly.reminder.domain.delivery;

import app.openly.reminder.config.DeliveryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

/**
 * Single-use tickets that open the live stream: a browser {@code EventSource} cannot send an Authorization
 * header, and a bearer token in a URL would end up in access logs. A ticket is random (256 bits), lives 60 s,
 * is stored only as a hash, and opens one stream once, on whichever replica.
 */
@ApplicationScoped
public class StreamTickets {

    private static final SecureRandom RANDOM = new SecureRandom();

    public record Issued(String ticket, Instant expiresAt) {
    }

    /** What a presented ticket turned out to be. */
    public sealed interface Redeemed {
    }

    public record Valid(String userId, String ticketHash) implements Redeemed {
    }

    /** Used before: whoever presents it again may have copied it; the stream it opened is closed. */
    public record Reused(String ticketHash) implements Redeemed {
    }

    public record Invalid() implements Redeemed {
    }

    @Inject
    EntityManager em;
    @Inject
    DeliveryConfig config;

    @Transactional
    public Issued issue(String userId, Instant now) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = now.plus(config.stream().ticketLifetime());
        // Expired tickets of the person are cleaned up as they get new ones.
        em.createNativeQuery("delete from stream_ticket where user_id = :userId and expires_at < :now")
                .setParameter("userId", userId).setParameter("now", now.atOffset(ZoneOffset.UTC)).executeUpdate();
        em.createNativeQuery("insert into stream_ticket (ticket_hash, user_id, expires_at) values (:ticketHash, :userId, :expiresAt)")
                .setParameter("ticketHash", hash(ticket)).setParameter("userId", userId)
                .setParameter("expiresAt", expires.atOffset(ZoneOffset.UTC)).executeUpdate();
        return new Issued(ticket, expires);
    }

    @Transactional
    public Redeemed redeem(String ticket, Instant now) {
        if (ticket == null || ticket.isBlank() || ticket.length() > 100) {
            return new Invalid();
        }
        String h = hash(ticket);
        List<?> users = em.createNativeQuery("""
                        update stream_ticket set used_at = :now where ticket_hash = :ticketHash and used_at is null and expires_at > :now
                        returning user_id""")
                .setParameter("now", now.atOffset(ZoneOffset.UTC)).setParameter("ticketHash", h).getResultList();
        if (!users.isEmpty()) {
            return new Valid((String) users.get(0), h);
        }
        List<?> used = em.createNativeQuery("select used_at from stream_ticket where ticket_hash = :ticketHash and used_at is not null")
                .setParameter("ticketHash", h).getResultList();
        return used.isEmpty() ? new Invalid() : new Reused(h);
    }

    static String hash(String ticket) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
