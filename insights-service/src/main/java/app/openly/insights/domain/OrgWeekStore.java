package app.openly.insights.domain;

import app.openly.events.Practice;
import app.openly.insights.domain.logic.OrgWeekRelease;
import app.openly.insights.domain.logic.WeeklySummaryBuilder.PracticeSums;
import app.openly.platform.persistence.Rows;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The organization view's tables: who counts in which weeks (org_sharing_period) and the published weeks (org_week). */
@ApplicationScoped
public class OrgWeekStore {

    /** A week as published: its noisy figures and the ε and k it was published with. */
    public record PublishedWeek(String orgId, LocalDate weekStart, Instant publishedAt, BigDecimal epsilon, int minGroupSize,
                                OrgWeekRelease.Release release) {
    }

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    /** Serializes publication and opt-outs of one organization (a transaction-scoped advisory lock). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockOrg(String orgId) {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended('org-view:' || :orgId, 0))) locked")
                .setParameter("orgId", orgId).getSingleResult();
    }

    /** Starts counting the person from {@code countedFrom}, unless they are counted already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void startCounting(String userId, String orgId, LocalDate countedFrom) {
        em.createNativeQuery("""
                        insert into org_sharing_period (user_id, org_id, counted_from)
                        select :userId, :orgId, :countedFrom
                        where not exists (select 1 from org_sharing_period where user_id = :userId and org_id = :orgId and counted_until is null)
                        on conflict do nothing""")
                .setParameter("userId", userId).setParameter("orgId", orgId).setParameter("countedFrom", countedFrom)
                .executeUpdate();
    }

    /** Organizations in which the person is counted now (an open period). */
    public List<String> countingOrgs(String userId) {
        @SuppressWarnings("unchecked")
        List<String> orgIds = em.createNativeQuery("select org_id from org_sharing_period where user_id = :userId and counted_until is null")
                .setParameter("userId", userId).getResultList();
        return orgIds;
    }

    /** Stops counting the person from {@code countedUntil} (exclusive); a period that never reached a week is removed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stopCounting(String userId, String orgId, LocalDate countedUntil) {
        em.createNativeQuery("""
                        delete from org_sharing_period
                        where user_id = :userId and org_id = :orgId and counted_until is null and counted_from >= :countedUntil""")
                .setParameter("userId", userId).setParameter("orgId", orgId).setParameter("countedUntil", countedUntil).executeUpdate();
        em.createNativeQuery("""
                        update org_sharing_period set counted_until = :countedUntil
                        where user_id = :userId and org_id = :orgId and counted_until is null""")
                .setParameter("userId", userId).setParameter("orgId", orgId).setParameter("countedUntil", countedUntil).executeUpdate();
    }

    public List<String> orgsWithMembers() {
        @SuppressWarnings("unchecked")
        List<String> orgIds = em.createNativeQuery("select distinct org_id from org_sharing_period").getResultList();
        return orgIds;
    }

    public Optional<LocalDate> firstCountedWeek(String orgId) {
        return date(em.createNativeQuery("select min(counted_from) from org_sharing_period where org_id = :orgId")
                .setParameter("orgId", orgId).getSingleResult());
    }

    public Optional<LocalDate> latestPublishedWeek(String orgId) {
        return date(em.createNativeQuery("select max(week_start) from org_week where org_id = :orgId")
                .setParameter("orgId", orgId).getSingleResult());
    }

    /** The weeks of every member counted in {@code weekStart} (no ids leave this method). */
    public List<OrgWeekRelease.MemberWeek> memberWeeks(String orgId, LocalDate weekStart) {
        @SuppressWarnings("unchecked")
        List<Object[]> practiceRows = em.createNativeQuery("""
                        select s.user_id, w.practice, w.entries, w.courage_sum, w.courage_n, w.intensity_before_sum, w.intensity_after_sum,
                               w.intensity_n, w.calm_before_sum, w.calm_after_sum, w.calm_n, w.minutes_sum
                        from org_sharing_period s
                        join weekly_practice w on w.user_id = s.user_id and w.week_start = :weekStart
                        where s.org_id = :orgId and s.counted_from <= :weekStart and (s.counted_until is null or s.counted_until > :weekStart)
                          and w.entries > 0""")
                .setParameter("orgId", orgId).setParameter("weekStart", weekStart).getResultList();
        Map<String, Map<Practice, PracticeSums>> practices = new LinkedHashMap<>();
        for (Object[] r : practiceRows) {
            practices.computeIfAbsent((String) r[0], u -> new EnumMap<>(Practice.class)).put(Practice.valueOf((String) r[1]),
                    new PracticeSums(i(r[2]), i(r[3]), i(r[4]), i(r[5]), i(r[6]), i(r[7]), i(r[8]), i(r[9]), i(r[10]), i(r[11])));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> themeRows = em.createNativeQuery("""
                        select s.user_id, t.theme, t.entries
                        from org_sharing_period s
                        join weekly_theme t on t.user_id = s.user_id and t.week_start = :weekStart
                        where s.org_id = :orgId and s.counted_from <= :weekStart and (s.counted_until is null or s.counted_until > :weekStart)
                          and t.entries > 0""")
                .setParameter("orgId", orgId).setParameter("weekStart", weekStart).getResultList();
        Map<String, Map<String, Integer>> themes = new HashMap<>();
        for (Object[] r : themeRows) {
            themes.computeIfAbsent((String) r[0], u -> new HashMap<>()).put((String) r[1], i(r[2]));
        }
        List<OrgWeekRelease.MemberWeek> members = new ArrayList<>();
        practices.forEach((userId, sums) -> members.add(new OrgWeekRelease.MemberWeek(sums, themes.getOrDefault(userId, Map.of()))));
        return members;
    }

    /** Stores a published week unless it was published already (then the first publication stands); true if stored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean publish(PublishedWeek week) {
        return em.createNativeQuery("""
                        insert into org_week (org_id, week_start, published_at, epsilon, min_group_size, figures)
                        values (:orgId, :weekStart, :publishedAt, :epsilon, :minGroupSize, cast(:figures as jsonb))
                        on conflict (org_id, week_start) do nothing""")
                .setParameter("orgId", week.orgId()).setParameter("weekStart", week.weekStart())
                .setParameter("publishedAt", week.publishedAt()).setParameter("epsilon", week.epsilon())
                .setParameter("minGroupSize", week.minGroupSize()).setParameter("figures", write(week.release()))
                .executeUpdate() > 0;
    }

    public Optional<PublishedWeek> published(String orgId, LocalDate weekStart) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select published_at, epsilon, min_group_size, cast(figures as text) from org_week
                        where org_id = :orgId and week_start = :weekStart""")
                .setParameter("orgId", orgId).setParameter("weekStart", weekStart).getResultList();
        return rows.stream().findFirst().map(r -> new PublishedWeek(orgId, weekStart, Rows.instant(r[0]), new BigDecimal(((BigDecimal) r[1]).stripTrailingZeros().toPlainString()), i(r[2]),
                read((String) r[3])));
    }

    private String write(OrgWeekRelease.Release release) {
        try {
            return json.writeValueAsString(release);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private OrgWeekRelease.Release read(String figures) {
        try {
            return json.readValue(figures, OrgWeekRelease.Release.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a published week cannot be read", e);
        }
    }

    private static Optional<LocalDate> date(Object value) {
        return Optional.ofNullable(Rows.date(value));
    }

    private static int i(Object o) {
        return o == null ? 0 : ((Number) o).intValue();
    }
}
