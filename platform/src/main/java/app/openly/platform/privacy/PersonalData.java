package app.openly.platform.privacy;

import app.openly.platform.outbox.Outbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one catalogue of a service's personal data, used by both its data export (GDPR Art. 15 and 20)
 * and its erasure (Art. 17), so the two can never disagree about where a person's rows are.
 * <p>
 * The catalogue is read from PostgreSQL itself: every table of the service's schema with a
 * {@code user_id} column holds rows of one person each. A table added later is exported and erased
 * without anyone remembering to. A table WITHOUT {@code user_id} must be declared as holding nothing
 * keyed by a person ({@link #MACHINERY} below, or a service's {@code openly.privacy.tables-without-person});
 * {@link #undeclaredTables()} lists the ones that are neither, and every service has a test that it is empty.
 * <p>
 * The messaging machinery, decided here once for all services:
 * <ul>
 * <li>{@code outbox_event}: a person's unpublished events (keyed by their id) are discarded by erasure — an
 *     event about them must not leave after they asked to be forgotten (journal then adds {@code UserErased},
 *     which is meant to leave). They are not exported: they are copies of facts the tables above already hold,
 *     gone within seconds once published.</li>
 * <li>{@code processed_event}: kept by erasure, and by nobody longer than
 *     {@code openly.processed-events.retention} (42 days): {@link app.openly.platform.messaging.LedgerRetention}
 *     deletes older rows hourly. It holds a consumer's name, a random event id and a time, nothing that names a
 *     person, and it is what makes an event redelivered after {@code UserErased} a no-op instead of re-creating the
 *     person's rows; the retention outlasts every record Kafka could still redeliver (a dead-letter replay included,
 *     see LedgerRetentionConfig), so deleting a row never lets an old event come back.</li>
 * </ul>
 * <p>
 * Over 200 lines on purpose: export, erasure and the check for undeclared tables stay in one class so that they read
 * the same catalogue (the point of it, issue 11).
 */
@ApplicationScoped
public class PersonalData {

    /** Tables every service has that hold nothing keyed by a person (see the class comment for why). */
    public static final Set<String> MACHINERY = Set.of("outbox_event", "processed_event", "flyway_schema_history");

    private static final String PERSON_COLUMN = "user_id";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper mapper;
    @Inject
    Clock clock;
    @Inject
    Outbox outbox;
    @ConfigProperty(name = "quarkus.application.name")
    String service;
    /** A service's own tables that hold nothing keyed by a person (each one a decision; say why next to it). */
    @ConfigProperty(name = "openly.privacy.tables-without-person")
    Optional<List<String>> declaredWithoutPerson;

    /** One service's part of a person's export. */
    public record Export(String userId, String service, Instant exportedAt, Map<String, JsonNode> tables) {
    }

    public Export export(String userId) {
        return new Export(userId, service, clock.instant(), of(userId));
    }

    /** Table name to the person's rows in it (an empty list where there are none), for every table of the catalogue. */
    public Map<String, JsonNode> of(String userId) {
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (String table : personTables(c)) {
                // The name comes from the catalogue, never from a request; quoted all the same.
                try (PreparedStatement s = c.prepareStatement(
                        "select coalesce(json_agg(t), '[]'::json)::text from " + quoted(table) + " t where " + PERSON_COLUMN + " = ?")) {
                    s.setString(1, userId);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        tables.put(table, mapper.readTree(rs.getString(1)));
                    }
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("export failed: " + e.getClass().getSimpleName(), e);
        }
        return tables;
    }

    /**
     * Erases every row of the person in every table of the catalogue and their unpublished events, in the
     * caller's transaction (so erasure and whatever the caller does with it commit together).
     *
     * @return table name to the number of rows deleted there
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Integer> erase(String userId) {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        for (String table : inDeletionOrder(personTables())) {
            deleted.put(table, em.createNativeQuery("delete from " + quoted(table) + " where " + PERSON_COLUMN + " = :userId")
                    .setParameter("userId", userId)
                    .executeUpdate());
        }
        deleted.put("outbox_event", outbox.discardPendingOf(userId));
        return deleted;
    }

    /** Every table of the service holding rows keyed by a person (has a {@code user_id} column), by name. */
    public List<String> personTables() {
        try (Connection c = dataSource.getConnection()) {
            return personTables(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalogue", e);
        }
    }

    /**
     * Tables with no {@code user_id} column that nobody declared as holding nothing of a person: each is
     * either a table the export and erasure would miss, or a decision not written down yet.
     */
    public Set<String> undeclaredTables() {
        Set<String> declared = new HashSet<>(MACHINERY);
        declaredWithoutPerson.ifPresent(declared::addAll);
        Set<String> undeclared = new TreeSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select t.table_name from information_schema.tables t
                     where t.table_schema = current_schema() and t.table_type = 'BASE TABLE'
                       and not exists (select 1 from information_schema.columns c
                                       where c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = ?)""")) {
            s.setString(1, PERSON_COLUMN);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (!declared.contains(rs.getString(1))) {
                        undeclared.add(rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalogue", e);
        }
        return undeclared;
    }

    private static List<String> personTables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                select c.table_name from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = current_schema() and c.column_name = ? and t.table_type = 'BASE TABLE'
                order by c.table_name""")) {
            s.setString(1, PERSON_COLUMN);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (!MACHINERY.contains(rs.getString(1))) {
                        tables.add(rs.getString(1));
                    }
                }
            }
        }
        return tables;
    }

    /**
     * Tables that reference another table of the catalogue (foreign key) come before the table they
     * reference, so a person's rows can be deleted table by table without a constraint refusing it.
     */
    private List<String> inDeletionOrder(List<String> tables) {
        Map<String, Set<String>> referencedBy = new LinkedHashMap<>();
        tables.forEach(t -> referencedBy.put(t, new HashSet<>()));
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select child.relname, parent.relname from pg_constraint fk
                     join pg_class child on child.oid = fk.conrelid
                     join pg_class parent on parent.oid = fk.confrelid
                     join pg_namespace n on n.oid = child.relnamespace
                     where fk.contype = 'f' and n.nspname = current_schema()""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String child = rs.getString(1);
                String parent = rs.getString(2);
                if (referencedBy.containsKey(parent) && referencedBy.containsKey(child) && !child.equals(parent)) {
                    referencedBy.get(parent).add(child);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read foreign keys", e);
        }
        List<String> ordered = new ArrayList<>();
        Set<String> visiting = new HashSet<>();
        for (String table : tables) {
            visit(table, referencedBy, ordered, visiting);
        }
        return ordered;
    }

    private static void visit(String table, Map<String, Set<String>> referencedBy, List<String> ordered, Set<String> visiting) {
        if (ordered.contains(table) || !visiting.add(table)) {
            return; // done, or a cycle (then the database's own ON DELETE rules must handle it)
        }
        for (String child : referencedBy.get(table)) {
            visit(child, referencedBy, ordered, visiting);
        }
        ordered.add(table);
    }

    private static String quoted(String table) {
        return "\"" + table.replace("\"", "\"\"") + "\"";
    }
}
