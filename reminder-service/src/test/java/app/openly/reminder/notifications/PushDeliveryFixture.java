package app.openly.reminder.notifications;

import app.openly.reminder.messaging.DueReminderScheduler;
import app.openly.testsupport.TestClock;
import app.openly.testsupport.TestRows;
import app.openly.testsupport.TestTokens;
import app.openly.testsupport.push.PushServiceStandIn;
import app.openly.testsupport.push.PushServiceStandIn.Received;
import app.openly.testsupport.push.PushServiceStandIn.Subscription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;

/**
 * What the delivery tests share (Web Push, mobile push, the partner nudge, the localized notifications): a push-service stand-in for the test class,
 * the test clock (real time again after each test), the due scan, the database (and a row count in it), and the requests
 * that set a person up.
 * A subclass is a {@code @QuarkusTest} with its own infrastructure.
 */
public abstract class PushDeliveryFixture {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static PushServiceStandIn push;

    @Inject
    protected TestClock clock;
    @Inject
    protected DueReminderScheduler scheduler;
    @Inject
    protected AgroalDataSource dataSource;

    @BeforeAll
    static void startPushService() {
        push = PushServiceStandIn.start(null);
    }

    @AfterAll
    static void stopPushService() {
        push.close();
    }

    @AfterEach
    void realTimeAgain() {
        clock.reset();
    }

    protected static Instant at(String zone, String local) {
        return LocalDateTime.parse(local).atZone(ZoneId.of(zone)).toInstant();
    }

    protected static Instant berlin(String local) {
        return at("Europe/Berlin", local);
    }

    /** Stores the person's reminder preferences ({@code PUT /api/v1/reminders/preferences}). */
    protected static void preferences(String user, String json) {
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").body(json)
                .put("/api/v1/reminders/preferences").then().statusCode(200);
    }

    /** A person reminded of BODY_ANCHOR between 07:30 and 09:30 Berlin time, no quiet hours, up to 10 a day. */
    protected static void remindedEachMorning(String user) {
        preferences(user, """
                {"timeZone":"Europe/Berlin","followEntryTimeZone":false,"practices":{"BODY_ANCHOR":{"start":"07:30","end":"09:30"}},
                 "days":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"],"dailyCap":10}""");
    }

    /** Plans the person's morning and lets it fall due at 09:31 (the clock stays there for the send-time checks). */
    protected void dueThisMorning(String user) {
        clock.set(berlin("2026-11-24T06:00"));
        remindedEachMorning(user);
        clock.set(berlin("2026-11-24T09:31"));
        scheduler.runOnce(berlin("2026-11-24T09:31"));
    }

    /** Registers the stand-in's browser subscription for the person; its id. */
    protected static String registerBrowser(String user, Subscription s) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").body(s.json())
                .post("/api/v1/notifications/web-push").then().statusCode(201).extract().path("id");
    }

    /** The message a browser decrypted, as JSON. */
    protected static JsonNode shown(Received r) {
        try {
            return JSON.readTree(r.plaintext());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The person's delivery ledger: "CHANNEL STATUS attempts[ detail]", by channel, then as they were settled. */
    protected List<String> ledger(String user) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select channel, status, attempts, coalesce(detail, '') from notification_delivery where user_id = ?
                     order by channel, updated_at""")) {
            s.setString(1, user);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + (rs.getString(4).isEmpty() ? "" : " " + rs.getString(4)));
                }
            }
        }
        return rows;
    }

    /** The count a {@code select count(*) ...} answers, its parameters given as text. */
    protected int count(String sql, String... parameters) throws Exception {
        return (int) TestRows.number(dataSource, sql, (Object[]) parameters);
    }
}
