package app.openly.testsupport.contract;

import app.openly.platform.privacy.PersonalData;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service's export and erasure promise, checked on the service's own database: both read the
 * same catalogue, so a table keyed by a person that is added later is exported AND erased, and a table
 * that is not keyed by a person must be declared as such. A service's test class extends this one and is
 * annotated {@code @QuarkusTest} with its test infrastructure.
 */
public abstract class PersonalDataCatalogueContract {

    @Inject
    protected PersonalData personalData;
    @Inject
    protected AgroalDataSource dataSource;

    @Test
    void everyTableIsKeyedByAPersonOrDeclaredToHoldNothingOfOne() {
        assertEquals(java.util.Set.of(), personalData.undeclaredTables(),
                "tables with no user_id: add user_id, or declare them in openly.privacy.tables-without-person with a reason");
        assertTrue(personalData.personTables().size() >= 1, "the service keeps something of a person: " + personalData.personTables());
    }

    @Test
    void aTableAddedLaterIsExportedAndErasedWithoutAnyoneListingIt() throws SQLException {
        String table = "later_table_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String person = "p-" + UUID.randomUUID();
        String other = "o-" + UUID.randomUUID();
        sql("create table " + table + " (user_id text not null, note text not null)",
                "insert into " + table + " values ('" + person + "', 'first'), ('" + person + "', 'second'), ('" + other + "', 'theirs')");
        try {
            var exported = personalData.of(person).get(table);
            assertEquals(2, exported.size(), "the export holds the person's two rows of the new table: " + exported);
            assertEquals("[\"first\",\"second\"]", sortedNotes(exported));

            var deleted = QuarkusTransaction.requiringNew().call(() -> personalData.erase(person));
            assertEquals(2, deleted.get(table), "erasure deleted the person's rows of the new table: " + deleted);
            assertEquals(0, personalData.of(person).get(table).size());
            assertEquals(1, personalData.of(other).get(table).size(), "someone else's row stays");
        } finally {
            sql("drop table " + table);
        }
    }

    @Test
    void aTableWithoutAPersonThatNobodyDeclaredIsCaught() throws SQLException {
        String table = "undeclared_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("create table " + table + " (owner text)");
        try {
            assertTrue(personalData.undeclaredTables().contains(table), "a table without user_id is not silently left out");
        } finally {
            sql("drop table " + table);
        }
    }

    @Test
    void aTableReferencingAnotherIsErasedFirst() throws SQLException {
        String parent = "later_parent_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String child = "later_child_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String person = "p-" + UUID.randomUUID();
        sql("create table " + parent + " (id int primary key, user_id text not null)",
                // named so that it sorts BEFORE the parent too: the order must come from the foreign key, not the name
                "create table a_" + child + " (parent_id int not null references " + parent + "(id), user_id text not null)",
                "insert into " + parent + " values (1, '" + person + "')",
                "insert into a_" + child + " values (1, '" + person + "')");
        try {
            var deleted = QuarkusTransaction.requiringNew().call(() -> personalData.erase(person));
            assertEquals(1, deleted.get(parent));
            assertEquals(1, deleted.get("a_" + child));
        } finally {
            sql("drop table a_" + child, "drop table " + parent);
        }
    }

    private static String sortedNotes(com.fasterxml.jackson.databind.JsonNode rows) {
        var notes = new java.util.ArrayList<String>();
        rows.forEach(r -> notes.add(r.get("note").asText()));
        java.util.Collections.sort(notes);
        return "[" + String.join(",", notes.stream().map(n -> "\"" + n + "\"").toList()) + "]";
    }

    protected void sql(String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
