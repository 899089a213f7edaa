package app.openly.platform.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a service keeps about one person, table by table, as JSON rows: the service's part of the
 * person's data export (GDPR Art. 15 and 20). Every table with a {@code user_id} column is included,
 * so a table added later is exported without anyone remembering to; only the messaging machinery
 * (outbox, processed-event ledger) is left out.
 */
@ApplicationScoped
public class PersonalData {

    private static final Set<String> MACHINERY = Set.of("outbox_event", "processed_event");

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper mapper;
    @Inject
    java.time.Clock clock;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.application.name")
    String service;

    /** One service's part of a person's export. */
    public record Export(String userId, String service, java.time.Instant exportedAt, Map<String, JsonNode> tables) {
    }

    public Export export(String userId) {
        return new Export(userId, service, clock.instant(), of(userId));
    }

    /** Table name to the person's rows in it (an empty list where there are none). */
    public Map<String, JsonNode> of(String userId) {
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (String table : personTables(c)) {
                // The name comes from the catalogue, never from a request; quoted all the same.
                try (PreparedStatement s = c.prepareStatement(
                        "select coalesce(json_agg(t), '[]'::json)::text from \"" + table.replace("\"", "\"\"") + "\" t where user_id = ?")) {
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

    private static List<String> personTables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                select c.table_name from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = current_schema() and c.column_name = 'user_id' and t.table_type = 'BASE TABLE'
                order by c.table_name""");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (!MACHINERY.contains(rs.getString(1))) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }
}
