package app.openly.reminder.notifications;

import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.ReminderDue;
import app.openly.events.Topics;
import app.openly.reminder.domain.logic.Messages;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestMetrics;
import app.openly.testsupport.TestTokens;
import app.openly.testsupport.push.ApnsStandIn;
import app.openly.testsupport.push.FcmStandIn;
import app.openly.testsupport.push.PushServiceStandIn;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A due reminder reaches a person's browser, Android phone and iPhone: real PostgreSQL and Kafka, the push-service,
 * FCM and APNs stand-ins checking what the vendors check (VAPID and decryption; the OAuth JWT-bearer grant and the
 * bearer token; HTTP/2 and the ES256 provider token).
 */
@QuarkusTest
@WithTestResource(MobilePushTestInfrastructure.class)
class MobilePushDeliveryTest extends PushDeliveryFixture {

    /**
     * The first delivery after the application (re)starts may wait for the delivery consumer group to rebalance (the
     * previous test application's member times out when it was not shut down cleanly, up to the session timeout):
     * generous, and no slower when delivery is quick.
     */
    static final Duration ARRIVES = Duration.ofSeconds(120);

    static FcmStandIn fcm() {
        return MobilePushTestInfrastructure.fcm;
    }

    static ApnsStandIn apns() {
        return MobilePushTestInfrastructure.apns;
    }

    static String registerDevice(String user, String platform, String token) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json")
                .body(Map.of("platform", platform, "token", token))
                .post("/api/v1/notifications/devices").then().statusCode(201).extract().path("id");
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(String::compareTo);
        return names;
    }

    @Test
    void aDueReminderReachesBrowserAndroidAndIPhoneOnceWithOnlyTheTemplateAndALink() throws Exception {
        String user = "three-" + UUID.randomUUID();
        PushServiceStandIn.Subscription browser = push.subscribe();
        registerBrowser(user, browser);
        String android = fcm().device();
        String iphone = apns().device();
        registerDevice(user, "ANDROID", android);
        registerDevice(user, "IOS", iphone);
        double fcmSent = TestMetrics.value("openly_notifications_sent_total", "channel", "FCM");
        double apnsSent = TestMetrics.value("openly_notifications_sent_total", "channel", "APNS");

        dueThisMorning(user);
        String template = Messages.message(Practice.BODY_ANCHOR);
        push.awaitDelivered(browser, r -> true, ARRIVES);
        JsonNode message = fcm().awaitDelivered(android, r -> true, ARRIVES).message();
        ApnsStandIn.Received notification = apns().awaitDelivered(iphone, r -> true, ARRIVES);
        EventEnvelope due = TestKafka.eventsOf(Topics.REMINDERS_DUE, user, e -> true, ARRIVES).get(0);
        UUID reminderId = ((ReminderDue) due.payload()).reminderId();

        // Android: FCM HTTP v1 message; what the lock screen shows is the title and the template, the rest is the link.
        assertEquals(List.of("android", "data", "notification", "token"), fields(message));
        assertEquals("Openly", message.at("/notification/title").asText());
        assertEquals(template, message.at("/notification/body").asText());
        assertEquals(List.of("body", "title"), fields(message.get("notification")));
        assertEquals(List.of("kind", "reminderId", "url"), fields(message.get("data")));
        assertTrue(message.at("/data/url").asText().endsWith("?reminder=" + reminderId));
        assertEquals("reminder-body-anchor", message.at("/android/collapse_key").asText());
        assertEquals("NORMAL", message.at("/android/priority").asText());
        assertEquals("7200s", message.at("/android/ttl").asText());
        // iOS: over HTTP/2, with the provider token the stand-in verified, the bundle id and a collapse id.
        assertEquals(HttpVersion.HTTP_2, notification.version());
        assertEquals(ApnsStandIn.TOPIC, notification.header("apns-topic"));
        assertEquals("alert", notification.header("apns-push-type"));
        assertEquals("reminder-body-anchor", notification.header("apns-collapse-id"));
        assertEquals("5", notification.header("apns-priority"));
        assertEquals(List.of("aps", "kind", "reminderId", "url"), fields(notification.payload()));
        assertEquals(template, notification.payload().at("/aps/alert/body").asText());
        assertEquals(List.of("body", "title"), fields(notification.payload().at("/aps/alert")));
        assertEquals(reminderId.toString(), notification.payload().get("reminderId").asText());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(List.of("APNS SENT 1", "FCM SENT 1", "WEB_PUSH SENT 1"), ledger(user)));
        assertEquals(fcmSent + 1, TestMetrics.value("openly_notifications_sent_total", "channel", "FCM"));
        assertEquals(apnsSent + 1, TestMetrics.value("openly_notifications_sent_total", "channel", "APNS"));

        // Redelivered: nothing more reaches any device.
        double duplicates = TestMetrics.value("openly_notifications_duplicates_total");
        TestKafka.publish(Topics.REMINDERS_DUE, due);
        await().atMost(Duration.ofSeconds(60)).until(() -> TestMetrics.value("openly_notifications_duplicates_total") >= duplicates + 3);
        assertEquals(1, push.received(browser).size());
        assertEquals(1, fcm().received(android).size());
        assertEquals(1, apns().received(iphone).size());
        assertEquals(List.of("APNS SENT 1", "FCM SENT 1", "WEB_PUSH SENT 1"), ledger(user));
    }

    @Test
    void whatAnEventCarriesBesidesTheTemplateNeverReachesALockScreen() throws Exception {
        String user = "private-" + UUID.randomUUID();
        String android = fcm().device();
        String iphone = apns().device();
        registerDevice(user, "ANDROID", android);
        registerDevice(user, "IOS", iphone);
        dueThisMorning(user);
        fcm().awaitDelivered(android, r -> true, ARRIVES);
        apns().awaitDelivered(iphone, r -> true, ARRIVES);
        ReminderDue real = (ReminderDue) TestKafka.eventsOf(Topics.REMINDERS_DUE, user, e -> true, ARRIVES).get(0).payload();
        // A (wrong) event carrying a person's words: only the practice's template may go out.
        String secret = "I told my sister I've been lonely since the move.";
        ReminderDue leaky = new ReminderDue(real.reminderId(), real.practice(), real.dueAt(), real.localTime(), real.timeZone(), secret, real.reason());
        TestKafka.publish(Topics.REMINDERS_DUE, EventEnvelope.of(UUID.randomUUID(), Instant.now(), user, null, leaky));
        JsonNode message = fcm().awaitDelivered(android, r -> fcm().received(android).indexOf(r) > 0, ARRIVES).message();
        ApnsStandIn.Received notification = apns().awaitDelivered(iphone, r -> apns().received(iphone).indexOf(r) > 0, ARRIVES);
        assertEquals(Messages.message(Practice.BODY_ANCHOR), message.at("/notification/body").asText());
        assertFalse(message.toString().contains("sister"), message.toString());
        assertFalse(notification.payload().toString().contains("sister"), notification.payload().toString());
    }

    @Test
    void uninstalledAppsArePrunedAndAnExpiredAccessTokenIsRenewed() throws Exception {
        String user = "uninstalled-" + UUID.randomUUID();
        String goneAndroid = fcm().device();
        String goneIphone = apns().device();
        String keptAndroid = fcm().device();
        registerDevice(user, "ANDROID", goneAndroid);
        registerDevice(user, "IOS", goneIphone);
        String kept = registerDevice(user, "ANDROID", keptAndroid);
        fcm().unregister(goneAndroid);
        apns().unregister(goneIphone);
        // Google revoked every access token early: the first send is refused with 401, a new token is fetched, sent again.
        fcm().expireAccessTokens();
        int tokensBefore = fcm().accessTokensIssued();

        dueThisMorning(user);
        fcm().awaitDelivered(keptAndroid, r -> true, ARRIVES);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(TestTokens.forUser(user))
                .get("/api/v1/notifications/devices").then().statusCode(200).body("devices.id", equalTo(List.of(kept))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> rows = ledger(user);
            assertTrue(rows.contains("APNS PRUNED 1 APNs answered 410 Unregistered"), rows.toString());
            assertTrue(rows.stream().anyMatch(r -> r.startsWith("FCM PRUNED") && r.endsWith("FCM answered 404 UNREGISTERED")), rows.toString());
            assertTrue(rows.stream().anyMatch(r -> r.startsWith("FCM SENT")), rows.toString());
        });
        assertTrue(fcm().accessTokensIssued() > tokensBefore, "a new access token was fetched");
        assertEquals(1, apns().received(goneIphone).size(), "410 is not retried");
    }

    @Test
    void devicesAreTheirOwnersAloneAndRefusedWhenMalformed() {
        given().get("/api/v1/notifications/devices").then().statusCode(401);
        given().contentType("application/json").body("{\"platform\":\"IOS\",\"token\":\"" + apns().device() + "\"}")
                .post("/api/v1/notifications/devices").then().statusCode(401);
        given().delete("/api/v1/notifications/devices/" + UUID.randomUUID()).then().statusCode(401);

        String owner = "phone-owner-" + UUID.randomUUID();
        String other = "phone-other-" + UUID.randomUUID();
        for (String body : List.of("{\"platform\":\"WINDOWS_PHONE\",\"token\":\"" + apns().device() + "\"}", "{\"token\":\"abc\"}")) {
            given().auth().oauth2(TestTokens.forUser(owner)).contentType("application/json").body(body)
                    .post("/api/v1/notifications/devices").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("platform"));
        }
        for (String body : List.of("{\"platform\":\"IOS\",\"token\":\"not-hex\"}", "{\"platform\":\"IOS\",\"token\":\"abcd\"}",
                "{\"platform\":\"ANDROID\",\"token\":\"short\"}", "{\"platform\":\"ANDROID\",\"token\":\"https://evil.example.com/x?y=zzzzzzzzzzzzzzzzzzzzzzz\"}",
                "{\"platform\":\"ANDROID\"}")) {
            given().auth().oauth2(TestTokens.forUser(owner)).contentType("application/json").body(body)
                    .post("/api/v1/notifications/devices").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("token"));
        }
        String token = apns().device();
        String id = registerDevice(owner, "IOS", token);
        assertEquals(id, registerDevice(owner, "IOS", token), "the same phone again keeps its id");
        given().auth().oauth2(TestTokens.forUser(other)).delete("/api/v1/notifications/devices/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forUser(other)).delete("/api/v1/notifications/devices/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(TestTokens.forUser(other)).get("/api/v1/notifications/devices").then().statusCode(200)
                .body("devices.id", not(hasItem(id)));
        given().auth().oauth2(TestTokens.forUser(owner)).get("/api/v1/notifications/devices").then().statusCode(200)
                .body("devices.id", equalTo(List.of(id))).body("devices[0].platform", equalTo("IOS"));

        // The phone changes hands: whoever registers it last receives on it; the former owner no longer does.
        String taken = registerDevice(other, "IOS", token);
        assertNotEquals(id, taken);
        given().auth().oauth2(TestTokens.forUser(owner)).get("/api/v1/notifications/devices").then().body("devices", org.hamcrest.Matchers.empty());
        given().auth().oauth2(TestTokens.forUser(owner)).delete("/api/v1/notifications/devices/" + id).then().statusCode(404);
        given().auth().oauth2(TestTokens.forUser(other)).delete("/api/v1/notifications/devices/" + taken).then().statusCode(204);
    }

    @Test
    void theTestNotificationReachesPhonesAndErasureRemovesThem() throws Exception {
        String user = "phones-" + UUID.randomUUID();
        String android = fcm().device();
        String iphone = apns().device();
        registerDevice(user, "ANDROID", android);
        registerDevice(user, "IOS", iphone);
        given().auth().oauth2(TestTokens.forUser(user)).post("/api/v1/notifications/test").then().statusCode(200)
                .body("results.channel", org.hamcrest.Matchers.containsInAnyOrder("FCM", "APNS"))
                .body("results.outcome", equalTo(List.of("SENT", "SENT")));
        assertEquals("HIGH", fcm().awaitDelivered(android, r -> true, Duration.ofSeconds(5)).message().at("/android/priority").asText());
        assertEquals("10", apns().awaitDelivered(iphone, r -> true, Duration.ofSeconds(5)).header("apns-priority"));

        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, app.openly.testsupport.TestEvents.erased(user));
        await().atMost(ARRIVES).untilAsserted(() -> given().auth().oauth2(TestTokens.forUser(user))
                .get("/api/v1/notifications/devices").then().body("devices", org.hamcrest.Matchers.empty()));
        var tables = given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/export").then().statusCode(200)
                .extract().jsonPath().getMap("tables");
        assertEquals(List.of(), tables.get("device_token"));
    }
}
