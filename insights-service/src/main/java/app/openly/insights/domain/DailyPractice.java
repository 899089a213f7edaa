package app.openly.insights.domain;

import app.openly.events.Practice;
import io.quarkus.hibernate.orm.panache.Panache;

import java.time.LocalDate;

/** The per person, day and practice counters (table daily_practice), kept with upserts. */
public final class DailyPractice {

    private DailyPractice() {
    }

    /** Adds {@code delta} (±1) to the count of a day and practice. */
    public static void add(String userId, LocalDate day, Practice practice, int delta) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into daily_practice (user_id, local_date, practice, entries) values (:u, :d, :p, greatest(:delta, 0))
                        on conflict (user_id, local_date, practice) do update set entries = greatest(daily_practice.entries + :delta, 0)""")
                .setParameter("u", userId).setParameter("d", day).setParameter("p", practice.name()).setParameter("delta", delta)
                .executeUpdate();
    }
}
