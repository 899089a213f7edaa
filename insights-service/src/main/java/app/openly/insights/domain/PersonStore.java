package app.openly.insights.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** One row per person (insights_person): zone, organization, the org-view choice, the last announced week. */
@ApplicationScoped
public class PersonStore {

    /** What the weekly announcement needs of a person. */
    public record AnnouncementTarget(ZoneId zone, String orgId, boolean neverAnnounced) {
    }

    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    /** Remembers the person's latest zone and organization. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void touch(String userId, String orgId, String zone) {
        em.createNativeQuery("""
                        insert into insights_person as p (user_id, org_id, time_zone, updated_at) values (:userId, :orgId, :zone, :updatedAt)
                        on conflict (user_id) do update set org_id = excluded.org_id, time_zone = excluded.time_zone, updated_at = excluded.updated_at""")
                .setParameter("userId", userId).setParameter("orgId", orgId).setParameter("zone", zone)
                .setParameter("updatedAt", clock.instant())
                .executeUpdate();
    }

    /** The zone of the person's latest entry; UTC before their first one. */
    public ZoneId zoneOf(String userId) {
        @SuppressWarnings("unchecked")
        List<String> zones = em.createNativeQuery("select time_zone from insights_person where user_id = :userId")
                .setParameter("userId", userId).getResultList();
        return zones.isEmpty() ? ZoneId.of("UTC") : ZoneId.of(zones.get(0));
    }

    public Optional<Boolean> sharing(String userId) {
        @SuppressWarnings("unchecked")
        List<Boolean> rows = em.createNativeQuery("select share_with_org from insights_person where user_id = :userId")
                .setParameter("userId", userId).getResultList();
        return rows.stream().findFirst();
    }

    /** Records the person's choice about the organization's anonymous view (and their organization, if known). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void setSharing(String userId, String orgId, boolean share) {
        em.createNativeQuery("""
                        insert into insights_person as p (user_id, org_id, time_zone, share_with_org, updated_at)
                        values (:userId, :orgId, 'UTC', :share, :updatedAt)
                        on conflict (user_id) do update set share_with_org = excluded.share_with_org, org_id = coalesce(excluded.org_id, p.org_id),
                            updated_at = excluded.updated_at""")
                .setParameter("userId", userId).setParameter("orgId", orgId).setParameter("share", share)
                .setParameter("updatedAt", clock.instant()).executeUpdate();
    }

    /** People whose last announced week is before {@code latestClosedWeek} (or who were never announced). */
    public List<String> awaitingAnnouncement(LocalDate latestClosedWeek) {
        @SuppressWarnings("unchecked")
        List<String> userIds = em.createNativeQuery("""
                        select user_id from insights_person
                        where last_summary_week is null or last_summary_week < :latestClosedWeek""")
                .setParameter("latestClosedWeek", latestClosedWeek).getResultList();
        return userIds;
    }

    public Optional<AnnouncementTarget> announcementTarget(String userId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select time_zone, org_id, last_summary_week from insights_person where user_id = :userId")
                .setParameter("userId", userId).getResultList();
        return rows.stream().findFirst().map(r -> new AnnouncementTarget(ZoneId.of((String) r[0]), (String) r[1], r[2] == null));
    }

    /**
     * Claims the announcement of {@code week} for the person; false when it (or a later week) was claimed
     * already. Two runs racing on the same person serialize on the row: the second finds it claimed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claimAnnouncement(String userId, LocalDate week) {
        return em.createNativeQuery("""
                        update insights_person set last_summary_week = :week
                        where user_id = :userId and (last_summary_week is null or last_summary_week < :week)""")
                .setParameter("week", week).setParameter("userId", userId).executeUpdate() > 0;
    }
}
