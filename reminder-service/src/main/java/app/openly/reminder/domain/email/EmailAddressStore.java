package app.openly.reminder.domain.email;

import app.openly.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The {@code email_address} row of each person. */
@ApplicationScoped
public class EmailAddressStore {

    /**
     * A person's address and whether and when it was confirmed. Which kinds of letter go to it is not here: the
     * person's notification routes say so ({@code NotificationRouting}, channel EMAIL).
     */
    public record StoredAddress(String userId, String address, Instant confirmedAt, int confirmationsSent, Instant confirmationsWindow) {
        public boolean confirmed() {
            return confirmedAt != null;
        }
    }

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredAddress> find(String userId, boolean forUpdate) {
        List<?> rows = em.createNativeQuery("""
                        select user_id, address, confirmed_at, confirmations_sent, confirmations_window
                        from email_address where user_id = :u""" + (forUpdate ? " for update" : ""))
                .setParameter("u", userId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = (Object[]) rows.get(0);
        return Optional.of(new StoredAddress((String) r[0], (String) r[1], instant(r[2]), ((Number) r[3]).intValue(), instant(r[4])));
    }

    /** A new or changed address, unconfirmed, with the hash of its confirmation token. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void savePending(String userId, String address, String tokenHash, Instant expiresAt, int confirmationsSent,
                            Instant confirmationsWindow, Instant now) {
        em.createNativeQuery("""
                        insert into email_address (user_id, address, confirmed_at, token_hash, token_expires_at,
                            confirmations_sent, confirmations_window, created_at, updated_at)
                        values (:u, :address, null, :hash, :expires, :sent, :window, :now, :now)
                        on conflict (user_id) do update set address = excluded.address, confirmed_at = null, token_hash = excluded.token_hash,
                            token_expires_at = excluded.token_expires_at,
                            confirmations_sent = excluded.confirmations_sent, confirmations_window = excluded.confirmations_window,
                            updated_at = excluded.updated_at""")
                .setParameter("u", userId).setParameter("address", address).setParameter("hash", tokenHash)
                .setParameter("expires", utc(expiresAt)).setParameter("sent", confirmationsSent)
                .setParameter("window", utc(confirmationsWindow)).setParameter("now", utc(now)).executeUpdate();
    }

    /** The person a confirmation token would confirm now, without using it: empty when unknown, expired or used. */
    public Optional<String> pendingConfirmation(String tokenHash, Instant now) {
        List<?> rows = em.createNativeQuery("""
                        select user_id from email_address
                        where token_hash = :hash and token_expires_at > :now and confirmed_at is null""")
                .setParameter("hash", tokenHash).setParameter("now", utc(now)).getResultList();
        return rows.stream().map(String.class::cast).findFirst();
    }

    /** Uses a confirmation token once: the person whose address it confirmed, or empty (unknown, expired or used). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> confirm(String tokenHash, Instant now) {
        List<?> rows = em.createNativeQuery("""
                        update email_address set confirmed_at = :now, token_hash = null, token_expires_at = null, updated_at = :now
                        where token_hash = :hash and token_expires_at > :now and confirmed_at is null
                        returning user_id""")
                .setParameter("hash", tokenHash).setParameter("now", utc(now)).getResultList();
        return rows.stream().map(String.class::cast).findFirst();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean delete(String userId) {
        return em.createNativeQuery("delete from email_address where user_id = :u").setParameter("u", userId).executeUpdate() > 0;
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Object o) {
        return o == null ? null : Rows.instant(o);
    }
}
