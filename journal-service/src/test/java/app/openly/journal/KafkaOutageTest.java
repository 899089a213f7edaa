package app.openly.journal;

import app.openly.events.EntryRecorded;
import app.openly.events.EventType;
import app.openly.events.Topics;
import app.openly.testsupport.SharedInfrastructure;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestMetrics;
import app.openly.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The broker really goes away (the embedded KRaft broker is shut down in-process, its controller
 * keeps running) and comes back on the same port with its data. Writes must not notice: entries are
 * accepted while it is down, wait in the outbox, and are published in commit order,
 * once it is back.
 */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class KafkaOutageTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void entriesAreAcceptedWhileKafkaIsDownAndDeliveredWhenItReturns() throws Exception {
        String user = "outage-" + UUID.randomUUID();
        String token = TestTokens.forUser(user, "org-acme");
        List<UUID> written = new ArrayList<>();

        double failuresBefore = TestMetrics.value("openly_outbox_publish_failures_total");
        SharedInfrastructure.stopKafka();
        try {
            for (int breaths = 3; breaths <= 5; breaths++) {
                String id = given().auth().oauth2(token).contentType("application/json")
                        .body("""
                                {"practice":"BODY_ANCHOR","occurredAt":"2026-11-24T21:4%d:00+01:00","timeZone":"Europe/Berlin","breaths":%d}"""
                                .formatted(breaths, breaths))
                        .post("/api/v1/entries")
                        .then().statusCode(201)
                        .extract().path("id");
                written.add(UUID.fromString(id));
            }
            // The relay must have TRIED (and failed) while the broker is down, and the rows must still be waiting:
            // a relay that never ran would leave them there too, so its failure counter has to move first.
            await().atMost(Duration.ofSeconds(60)).until(() -> TestMetrics.value("openly_outbox_publish_failures_total") > failuresBefore);
            assertEquals(3, pendingFor(user), "all three events wait in the outbox while the broker is down");
        } finally {
            SharedInfrastructure.startKafkaAgain();
        }

        // Read to the end once the outbox is drained: every event, duplicates included, so the count is exact.
        var events = TestKafka.publishedEventsOf(Topics.JOURNAL_ENTRY_EVENTS, user, dataSource, Duration.ofSeconds(90));
        List<UUID> published = events.stream()
                .filter(e -> e.eventType() == EventType.ENTRY_RECORDED)
                .map(e -> ((EntryRecorded) e.payload()).entry().entryId())
                .toList();
        assertEquals(written, published, "every entry published once, in the order it was written");
    }

    private long pendingFor(String user) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from outbox_event where message_key = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
