package app.openly.insights.domain.ritual;

import app.openly.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** The partnership projection and the nights both partners shared ({@code ritual_partnership}, {@code shared_ritual_night}). */
@ApplicationScoped
public class SharedRitualStore {

    /** The person's partnership as they were told of it. */
    public record Partnership(UUID pairId, String partnerId) {
    }

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void formed(String userId, UUID pairId, String partnerId) {
        em.createNativeQuery("""
                        insert into ritual_partnership (user_id, pair_id, partner_user_id) values (:u, :pair, :partner)
                        on conflict (user_id) do update set pair_id = excluded.pair_id, partner_user_id = excluded.partner_user_id""")
                .setParameter("u", userId).setParameter("pair", pairId).setParameter("partner", partnerId).executeUpdate();
    }

    /** The partnership ended: the person's row and their shared nights of that pair go. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ended(String userId, UUID pairId) {
        em.createNativeQuery("delete from ritual_partnership where user_id = :u and pair_id = :pair")
                .setParameter("u", userId).setParameter("pair", pairId).executeUpdate();
        em.createNativeQuery("delete from shared_ritual_night where user_id = :u and pair_id = :pair")
                .setParameter("u", userId).setParameter("pair", pairId).executeUpdate();
    }

    /** The erased person's partners keep nothing naming them or shared with them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetPartnerErased(String erasedId) {
        List<?> rows = em.createNativeQuery("delete from ritual_partnership where partner_user_id = :u returning user_id, pair_id")
                .setParameter("u", erasedId).getResultList();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            ended((String) r[0], (UUID) r[1]);
        }
    }

    /** RitualRevealed: both shared for {@code night}. A night told twice is one night. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void bothShared(String userId, UUID pairId, LocalDate night) {
        em.createNativeQuery("insert into shared_ritual_night (user_id, pair_id, night) values (:u, :pair, :night) on conflict do nothing")
                .setParameter("u", userId).setParameter("pair", pairId).setParameter("night", night).executeUpdate();
    }

    public Optional<Partnership> partnershipOf(String userId) {
        List<?> rows = em.createNativeQuery("select pair_id, partner_user_id from ritual_partnership where user_id = :u")
                .setParameter("u", userId).getResultList();
        return rows.stream().map(row -> (Object[]) row).map(r -> new Partnership((UUID) r[0], (String) r[1])).findFirst();
    }

    /** The nights both shared in the person's current partnership. */
    public TreeSet<LocalDate> nights(String userId, UUID pairId) {
        List<?> rows = em.createNativeQuery("select night from shared_ritual_night where user_id = :u and pair_id = :pair")
                .setParameter("u", userId).setParameter("pair", pairId).getResultList();
        TreeSet<LocalDate> nights = new TreeSet<>();
        rows.forEach(n -> nights.add(Rows.date(n)));
        return nights;
    }

    /** Days either person paused: they rest the shared streak (neither count nor break it). */
    public Set<LocalDate> pausedByEither(String userId, String partnerId) {
        List<?> rows = em.createNativeQuery("select local_date from pause_day where user_id in (:u, :partner)")
                .setParameter("u", userId).setParameter("partner", partnerId).getResultList();
        Set<LocalDate> days = new HashSet<>();
        rows.forEach(d -> days.add(Rows.date(d)));
        return days;
    }
}
