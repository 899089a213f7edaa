package app.openly.reminder.domain;

import app.openly.events.Practice;
import app.openly.platform.persistence.ArrayStatements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code practice_response} rows: reminders of a practice dismissed or ignored in a row, what the
 * planner's back-off follows. Native SQL because counting one more is an upsert.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PracticeResponseStore {

    @Inject
    EntityManager em;

    public int unansweredInARow(String userId, Practice practice) {
        List<?> counts = em.createNativeQuery("select unanswered_in_a_row from practice_response where user_id = :userId and practice = :practice")
                .setParameter("userId", userId).setParameter("practice", practice.name()).getResultList();
        return counts.isEmpty() ? 0 : ((Number) counts.get(0)).intValue();
    }

    /** {@link #unansweredInARow} of every practice of every person in {@code people}, in one statement. */
    public Map<String, Map<Practice, Integer>> unansweredOf(Collection<String> people) {
        Map<String, Map<Practice, Integer>> counts = new HashMap<>();
        ArrayStatements.query(em, "select user_id, practice, unanswered_in_a_row from practice_response where user_id = any(?::text[])",
                row -> counts.computeIfAbsent(row.getString(1), u -> new EnumMap<>(Practice.class))
                        .put(Practice.valueOf(row.getString(2)), row.getInt(3)),
                people);
        return counts;
    }

    /** One more reminder of the practice went unanswered (dismissed, or ignored). */
    public void countUnanswered(String userId, Practice practice) {
        em.createNativeQuery("""
                        insert into practice_response as r (user_id, practice, unanswered_in_a_row) values (:userId, :practice, 1)
                        on conflict (user_id, practice) do update set unanswered_in_a_row = r.unanswered_in_a_row + 1""")
                .setParameter("userId", userId).setParameter("practice", practice.name()).executeUpdate();
    }

    /** The person returned to the practice (or opened its reminder): any back-off ends. */
    public void reset(String userId, Practice practice) {
        em.createNativeQuery("delete from practice_response where user_id = :userId and practice = :practice")
                .setParameter("userId", userId).setParameter("practice", practice.name()).executeUpdate();
    }
}
