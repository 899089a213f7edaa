package app.openly.reminder.domain.email;

import app.openly.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The {@code email_address} row of each person. */
@ApplicationScoped
public class EmailAddressStore {

    /** A person's address, whether and when it was confirmed, and the kinds of letter they unsubscribed from. */
    public record StoredAddress(String userId, String address, Instant confirmedAt, Set<String> unsubscribedKinds,
                                int confirmationsSent, Instant confirmationsWindow) {
        public boolean confirmed() {
            return confirmedAt != null;
        }

        public boolean wants(String kind) {
            return confirmed() && !unsubscribedKinds.contains(kind);
        }
    }

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredAddress> find(String userId, boolean forUpdate) {
        List<?> rows = em.createNativeQuery("""
                        select user_id, address, confirmed_at, unsubscribed_kinds, confirmations_sent, confirmations_window
                        from email_address where user_id = :u""" + (forUpdate ? " for update" : ""))
                .setParameter("u", userId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = (Object[]) rows.get(0);
        Set<String> kinds = new TreeSet<>();
        for (Object k : Rows.array(r[3])) {
            kinds.add(k.toString());
        }
        return Optional.of(new StoredAddress((String) r[0], (String) r[1], instant(r[2]), kinds, ((Number) r[4]).intValue(), instant(r[5])));
    }

    /** A new or changed address, unconfirmed, with the hash of its confirmation token. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void savePending(String userId, String address, String tokenHash, Instant expiresAt, int confirmationsSent,
                            Instant confirmationsWindow, Instant now) {
        em.createNativeQuery("""
                        insert into email_address (user_id, address, confirmed_at, token_hash, token_expires_at, unsubscribed_kinds,
                            confirmations_sent, confirmations_window, created_at, updated_at)
                        values (:u, :address, null, :hash, :expires, '{}', :sent, :window, :now, :now)
                        on conflict (user_id) do update set address = excluded.address, confirmed_at = null, token_hash = excluded.token_hash,
                            token_expires_at = excluded.token_expires_at, unsubscribed_kinds = '{}',
                            confirmations_sent = excluded.confirmations_sent, confirmations_window = excluded.confirmations_window,
                            updated_at = excluded.updated_at""")
                .setParameter("u", userId).setParameter("address", address).setParameter("hash", tokenHash)
                .setParameter("expires", utc(expiresAt)).setParameter("sent", confirmationsSent)
                .setParameter("window", utc(confirmationsWindow)).setParameter("now", utc(now)).executeUpdate();
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

    /** Every kind of letter on again (the person re-entered their confirmed address). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void subscribeAll(String userId, Instant now) {
        em.createNativeQuery("update email_address set unsubscribed_kinds = '{}', updated_at = :now where user_id = :u")
                .setParameter("u", userId).setParameter("now", utc(now)).executeUpdate();
    }

    /** No more letters of this kind; true when the person has an address. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean unsubscribe(String userId, String kind, Instant now) {
        return em.createNativeQuery("""
                        update email_address set unsubscribed_kinds =
                            case when :kind = any(unsubscribed_kinds) then unsubscribed_kinds else array_append(unsubscribed_kinds, cast(:kind as text)) end,
                            updated_at = :now
                        where user_id = :u""")
                .setParameter("u", userId).setParameter("kind", kind).setParameter("now", utc(now)).executeUpdate() > 0;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean delete(String userId) {
        return em.createNativeQuery("delete from email_address where user_id = :u").setParameter("u", userId).executeUpdate() > 0;
    }

    static List<String> list(Set<String> kinds) {
        return new ArrayList<>(kinds);
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Object o) {
        return o == null ? null : Rows.instant(o);
    }
}
