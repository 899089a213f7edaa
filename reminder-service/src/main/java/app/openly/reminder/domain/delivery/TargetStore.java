package app.openly.reminder.domain.delivery;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A table of a person's delivery targets ({@code web_push_subscription}: browsers, {@code device_token}: phones), in
 * the project's {@code *Store} idiom: native SQL with named parameters, rows returned as records. Every such table has
 * an {@code id}, a {@code user_id} and a {@code created_at}; the queries they answer alike (a person's targets, a
 * person deleting one, the vendor's "gone") are written here once. A subclass adds its upsert and its own lookups.
 *
 * @param <R> the table's record
 */
public abstract class TargetStore<R> {

    @Inject
    EntityManager em;

    private final String table;
    private final String select;

    /** @param columns the columns {@link #row} reads, in SQL */
    protected TargetStore(String table, String columns) {
        this.table = table;
        this.select = "select " + columns + " from " + table + " where ";
    }

    /** One row as the table's record. */
    protected abstract R row(Tuple row);

    /** The rows that {@code condition} (SQL after {@code where}, with named parameters) selects, in its order. */
    protected List<R> select(String condition, Map<String, ?> parameters) {
        Query query = em.createNativeQuery(select + condition, Tuple.class);
        parameters.forEach((name, value) -> query.setParameter(name, value));
        List<?> rows = query.getResultList();
        return rows.stream().map(r -> row((Tuple) r)).toList();
    }

    /** The person's targets, oldest first. */
    @Transactional
    public List<R> of(String userId) {
        return select("user_id = :userId order by created_at, id", Map.of("userId", userId));
    }

    /** @return false when the person has no target with that id (another person's answers the same) */
    @Transactional
    public boolean delete(String userId, UUID id) {
        return em.createNativeQuery("delete from " + table + " where user_id = :userId and id = :id")
                .setParameter("userId", userId).setParameter("id", id).executeUpdate() == 1;
    }

    /** The vendor said the target is gone (unsubscribed, app uninstalled, token rotated): never send to it again. */
    @Transactional
    public void prune(UUID id) {
        em.createNativeQuery("delete from " + table + " where id = :id").setParameter("id", id).executeUpdate();
    }

    /** A {@code timestamptz} column as the driver hands it over. */
    static Instant instant(Object column) {
        if (column == null) {
            return null;
        }
        return column instanceof OffsetDateTime odt ? odt.toInstant() : app.openly.platform.persistence.Rows.instant(column);
    }
}
