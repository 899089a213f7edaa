package app.openly.insights.domain;

import app.openly.events.Practice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.List;

/** The per person, day and practice counters (table daily_practice), kept with upserts. */
@ApplicationScoped
public class DailyPracticeStore {

    /** One day's count of one practice. */
    public record DayPractice(LocalDate localDate, Practice practice, int entries) {
    }

    @Inject
    EntityManager em;

    /** Adds {@code delta} (±1) to the count of a day and practice; a count back at zero leaves no row. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String userId, LocalDate day, Practice practice, int delta) {
        em.createNativeQuery("""
                        insert into daily_practice (user_id, local_date, practice, entries)
                        values (:userId, :day, :practice, greatest(:delta, 0))
                        on conflict (user_id, local_date, practice) do update set entries = greatest(daily_practice.entries + :delta, 0)""")
                .setParameter("userId", userId).setParameter("day", day).setParameter("practice", practice.name())
                .setParameter("delta", delta)
                .executeUpdate();
        // A day whose last entry was taken back is as if it had never been counted (issue 18: no ghost rows).
        em.createNativeQuery("delete from daily_practice where user_id = :userId and local_date = :day and practice = :practice and entries = 0")
                .setParameter("userId", userId).setParameter("day", day).setParameter("practice", practice.name())
                .executeUpdate();
    }

    /** The person's practised days between {@code from} and {@code to} (inclusive), newest first. */
    public List<DayPractice> days(String userId, LocalDate from, LocalDate to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select local_date, practice, entries from daily_practice
                        where user_id = :userId and local_date between :from and :to and entries > 0
                        order by local_date desc, practice""")
                .setParameter("userId", userId).setParameter("from", from).setParameter("to", to)
                .getResultList();
        return rows.stream().map(r -> new DayPractice(app.openly.platform.persistence.Rows.date(r[0]), Practice.valueOf((String) r[1]),
                ((Number) r[2]).intValue())).toList();
    }
}
