package app.openly.platform.durability;

import app.openly.events.EventEnvelope;
import app.openly.platform.messaging.EntryEventHandler;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The test application's handler: records each application of an event, so a test can count them. */
@ApplicationScoped
public class TestEffects implements EntryEventHandler {

    @Inject
    EntityManager em;
    @Inject
    AgroalDataSource dataSource;

    @Override
    public void apply(EventEnvelope event) {
        em.createNativeQuery("insert into test_effect (event_id, user_id) values (:id, :user)")
                .setParameter("id", event.eventId())
                .setParameter("user", event.userId())
                .executeUpdate();
    }

    /** How many times the event's effect was applied (0, 1, or more if idempotency failed). */
    public int applications(UUID eventId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from test_effect where event_id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
