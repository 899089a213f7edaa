package app.openly.reminder.notifications;

import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.ReminderDue;
import app.openly.events.Topics;
import app.openly.reminder.ReminderTestInfrastructure;
import app.openly.reminder.domain.logic.Messages;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestMetrics;
import app.openly.testsupport.TestTokens;
import app.openly.testsupport.push.PushServiceStandIn.Answer;
import app.openly.testsupport.push.PushServiceStandIn.Received;
import app.openly.testsupport.push.PushServiceStandIn.Subscription;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Due reminders reach a browser's push service: real PostgreSQL, real Kafka (the due scan, the outbox, the delivery
 * consumer), and a push-service stand-in that checks VAPID and decrypts the payload as the browser would.
 */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class NotificationDeliveryTest extends PushDeliveryFixture {

    @ConfigProperty(name = "openly.notifications.vapid.public-key")
    String vapidPublicKey;

    static EventEnvelope dueEventOf(String user) {
        List<EventEnvelope> events = TestKafka.eventsOf(Topics.REMINDERS_DUE, user, e -> true, Duration.ofSeconds(20));
        assertFalse(events.isEmpty(), "the due scan published the reminder");
        return events.get(0);
    }

    @Test
    void aDueReminderReachesTheBrowserEncryptedAndSignedAndARedeliveryIsNotSentAgain() throws Exception {
        String user = "push-" + UUID.randomUUID();
        Subscription browser = push.subscribe();
        String id = registerBrowser(user, browser);
        double sentBefore = TestMetrics.value("openly_notifications_sent_total", "channel", "WEB_PUSH");

        dueThisMorning(user);
        Received message = push.awaitDelivered(browser, r -> true, Duration.ofSeconds(20));

        // What the phone shows: the gentle template and a link into the app, nothing else.
        JsonNode shown = JSON.readTree(message.plaintext());
        assertEquals(Messages.message(Practice.BODY_ANCHOR), shown.get("body").asText());
        assertEquals("Openly", shown.get("title").asText());
        EventEnvelope due = dueEventOf(user);
        UUID reminderId = ((ReminderDue) due.payload()).reminderId();
        assertEquals(reminderId.toString(), shown.get("reminderId").asText());
        assertTrue(shown.get("url").asText().endsWith("?reminder=" + reminderId));
        assertEquals(List.of("body", "kind", "reminderId", "title", "url"), sortedFields(shown));
        // RFC 8030/8292 as a push service sees them.
        assertEquals("7200", message.header("TTL"));
        assertEquals("normal", message.header("Urgency"));
        assertEquals("reminder-body-anchor", message.header("Topic"));
        assertEquals(push.origin(), message.vapid().audience());
        assertEquals(vapidPublicKey, message.vapid().publicKey());
        assertTrue(message.vapid().expires().isBefore(Instant.now().plus(Duration.ofHours(12)).plusSeconds(60)), "exp at most 12 h ahead");
        assertTrue(message.vapid().subject().startsWith("mailto:"));
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/notifications/vapid-public-key").then().statusCode(200)
                .body("publicKey", equalTo(vapidPublicKey));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of("WEB_PUSH SENT 1"), ledger(user)));
        assertEquals(sentBefore + 1, TestMetrics.value("openly_notifications_sent_total", "channel", "WEB_PUSH"));
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/history").then().statusCode(200)
                .body("reminders[0].id", equalTo(reminderId.toString())).body("reminders[0].delivery", equalTo("delivered"));

        // Kafka redelivers the same event (a rebalance, a crash before the offset commit): nothing is sent twice.
        double duplicatesBefore = TestMetrics.value("openly_notifications_duplicates_total");
        TestKafka.publish(Topics.REMINDERS_DUE, due);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestMetrics.value("openly_notifications_duplicates_total") > duplicatesBefore);
        assertEquals(1, push.received(browser).size());
        assertEquals(List.of("WEB_PUSH SENT 1"), ledger(user));
        assertEquals(id, given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/notifications/web-push").then().statusCode(200)
                .extract().path("subscriptions[0].id"));
    }

    private static List<String> sortedFields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(String::compareTo);
        return names;
    }

    @Test
    void aSubscriptionThePushServiceCallsGoneIsPruned() throws Exception {
        String user = "gone-" + UUID.randomUUID();
        Subscription unsubscribed = push.subscribe();
        Subscription kept = push.subscribe();
        registerBrowser(user, unsubscribed);
        registerBrowser(user, kept);
        push.answerAlways(unsubscribed, Answer.of(410));
        double prunedBefore = TestMetrics.value("openly_notifications_pruned_total", "channel", "WEB_PUSH");

        dueThisMorning(user);
        push.awaitDelivered(kept, r -> true, Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(TestTokens.forUser(user))
                .get("/api/v1/notifications/web-push").then().statusCode(200)
                .body("subscriptions.endpoint", equalTo(List.of(kept.endpoint()))));
        assertEquals(1, push.received(unsubscribed).size(), "410 is not retried");
        assertTrue(ledger(user).contains("WEB_PUSH PRUNED 1 push service answered 410"), ledger(user).toString());
        assertEquals(prunedBefore + 1, TestMetrics.value("openly_notifications_pruned_total", "channel", "WEB_PUSH"));
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() throws Exception {
        String user = "busy-" + UUID.randomUUID();
        Subscription browser = push.subscribe();
        registerBrowser(user, browser);
        push.answerNext(browser, Answer.tooManyRequests(2));

        dueThisMorning(user);
        Received delivered = push.awaitDelivered(browser, r -> true, Duration.ofSeconds(20));
        List<Received> requests = push.received(browser);
        assertEquals(List.of(429, 201), requests.stream().map(Received::status).toList());
        Duration waited = Duration.between(requests.get(0).at(), delivered.at());
        assertTrue(waited.compareTo(Duration.ofSeconds(2)) >= 0, "waited " + waited + ", Retry-After said 2 s");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(List.of("WEB_PUSH SENT 2"), ledger(user)));
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenRecordedAsNotDelivered() throws Exception {
        String user = "down-" + UUID.randomUUID();
        Subscription flaky = push.subscribe();
        Subscription down = push.subscribe();
        registerBrowser(user, flaky);
        registerBrowser(user, down);
        push.answerNext(flaky, Answer.of(503), Answer.of(502));
        push.answerAlways(down, Answer.of(503));
        double failedBefore = TestMetrics.value("openly_notifications_failed_total", "channel", "WEB_PUSH");

        dueThisMorning(user);
        push.awaitDelivered(flaky, r -> true, Duration.ofSeconds(20));
        assertEquals(List.of(503, 502, 201), push.received(flaky).stream().map(Received::status).toList());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(
                ledger(user).contains("WEB_PUSH FAILED 5 push service answered 503"), ledger(user).toString()));
        assertEquals(5, push.received(down).size(), "bounded attempts");
        List<Instant> at = push.received(down).stream().map(Received::at).toList();
        for (int attempt = 1; attempt < at.size(); attempt++) {
            // Exponential with equal jitter (test config: base 50 ms, cap 200 ms): at least half of min(200, 50 * 2^(n-1)).
            long step = Math.min(200, 50L << (attempt - 1));
            long waited = Duration.between(at.get(attempt - 1), at.get(attempt)).toMillis();
            assertTrue(waited >= step / 2, "after attempt " + attempt + " waited " + waited + " ms");
        }
        assertEquals(failedBefore + 1, TestMetrics.value("openly_notifications_failed_total", "channel", "WEB_PUSH"));
    }

    @Test
    void withoutAnyChannelTheReminderIsRecordedAsNotDelivered() throws Exception {
        String user = "nochannel-" + UUID.randomUUID();
        double before = TestMetrics.value("openly_notifications_failed_total", "channel", "none");
        dueThisMorning(user);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(List.of("none NOT_DELIVERED 0 no active channel"), ledger(user)));
        assertEquals(before + 1, TestMetrics.value("openly_notifications_failed_total", "channel", "none"));
        // The person sees it in their history.
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/history").then().statusCode(200)
                .body("reminders[0].delivery", equalTo("not delivered: no active channel"));
    }

    @Test
    void aPauseSetWhileTheReminderWaitedDropsIt() throws Exception {
        String user = "paused-" + UUID.randomUUID();
        Subscription browser = push.subscribe();
        registerBrowser(user, browser);
        dueThisMorning(user);
        push.awaitDelivered(browser, r -> true, Duration.ofSeconds(20));
        EventEnvelope due = dueEventOf(user);

        // The person pauses; the same reminder arrives again as a new event (e.g. republished after a restore).
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/merge-patch+json").body("{\"pausedUntil\":\"2026-11-30\"}")
                .patch("/api/v1/reminders/preferences").then().statusCode(200);
        EventEnvelope again = EventEnvelope.of(UUID.randomUUID(), due.occurredAt(), user, null, due.payload());
        TestKafka.publish(Topics.REMINDERS_DUE, again);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(ledger(user).contains("none DROPPED 0 paused"), ledger(user).toString()));
        assertEquals(1, push.received(browser).size());
    }

    @Test
    void quietHoursAtSendTimeDropTheReminder() throws Exception {
        String user = "quiet-" + UUID.randomUUID();
        Subscription browser = push.subscribe();
        registerBrowser(user, browser);
        dueThisMorning(user);
        push.awaitDelivered(browser, r -> true, Duration.ofSeconds(20));
        EventEnvelope due = dueEventOf(user);
        // The same reminder comes again late in the evening, inside the person's quiet hours (22:30–07:30).
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/merge-patch+json")
                .body("{\"quietHours\":{\"start\":\"22:30\",\"end\":\"07:30\"}}").patch("/api/v1/reminders/preferences").then().statusCode(200);
        clock.set(berlin("2026-11-24T23:30"));
        TestKafka.publish(Topics.REMINDERS_DUE, EventEnvelope.of(UUID.randomUUID(), due.occurredAt(), user, null, due.payload()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(ledger(user).contains("none DROPPED 0 quiet hours"), ledger(user).toString()));
        assertEquals(1, push.received(browser).size());
    }

    @Test
    void endpointsOffTheKnownPushServicesAreRefusedAtRegistrationAndAtSendTime() throws Exception {
        String user = "ssrf-" + UUID.randomUUID();
        for (String endpoint : List.of("https://evil.example.com/push/1", "http://169.254.169.254/latest/meta-data",
                "http://fcm.googleapis.com/fcm/send/x", "https://fcm.googleapis.com:8443/fcm/send/x", "https://user@fcm.googleapis.com/x",
                "http://localhost:9092/", "file:///etc/passwd", "not a url")) {
            Subscription s = push.subscribe();
            var body = new java.util.LinkedHashMap<>(s.json());
            body.put("endpoint", endpoint);
            given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").body(body)
                    .post("/api/v1/notifications/web-push").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("endpoint"));
        }
        // Keys that are not a P-256 point or a 16-byte secret are refused too, naming the field.
        Subscription s = push.subscribe();
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json")
                .body(java.util.Map.of("endpoint", s.endpoint(), "keys", java.util.Map.of("p256dh", "AAAA", "auth", s.auth())))
                .post("/api/v1/notifications/web-push").then().statusCode(400).body("errors.field", hasItem("keys.p256dh"));
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json")
                .body(java.util.Map.of("endpoint", s.endpoint(), "keys", java.util.Map.of("p256dh", s.p256dh(), "auth", "AAAA")))
                .post("/api/v1/notifications/web-push").then().statusCode(400).body("errors.field", hasItem("keys.auth"));
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/notifications/web-push").then().statusCode(200)
                .body("subscriptions", org.hamcrest.Matchers.empty());
        // The big browsers' push services are accepted.
        String fcm = given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json")
                .body(java.util.Map.of("endpoint", "https://fcm.googleapis.com/fcm/send/abc", "keys", java.util.Map.of("p256dh", s.p256dh(), "auth", s.auth())))
                .post("/api/v1/notifications/web-push").then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.forUser(user)).delete("/api/v1/notifications/web-push/" + fcm).then().statusCode(204);

        // A row that got in before the allow-list changed (written here directly) is checked again and never called.
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into web_push_subscription (id, user_id, endpoint, p256dh, auth, created_at) values (?, ?, ?, ?, ?, now())")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, user);
            insert.setString(3, "http://10.0.0.1/internal");
            insert.setString(4, s.p256dh());
            insert.setString(5, s.auth());
            insert.executeUpdate();
        }
        dueThisMorning(user);
        // Claimed (SENDING), then settled: wait for the settled row.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> rows = ledger(user);
            assertEquals(1, rows.size(), rows.toString());
            assertTrue(rows.get(0).startsWith("WEB_PUSH FAILED 0 endpoint is not on a known push service"), rows.toString());
        });
    }

    @Test
    void everyEndpointNeedsATokenAndAnotherPersonsSubscriptionIsNotFound() {
        for (String path : List.of("vapid-public-key", "web-push", "preferences")) {
            given().get("/api/v1/notifications/" + path).then().statusCode(401);
        }
        given().contentType("application/json").body("{}").post("/api/v1/notifications/web-push").then().statusCode(401);
        given().post("/api/v1/notifications/stream-tickets").then().statusCode(401);
        given().post("/api/v1/notifications/test").then().statusCode(401);
        given().contentType("application/json").body("{\"routes\":{}}").put("/api/v1/notifications/preferences").then().statusCode(401);
        given().delete("/api/v1/notifications/web-push/" + UUID.randomUUID()).then().statusCode(401);
        given().get("/api/v1/notifications/stream").then().statusCode(401);

        String owner = "owner-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        String id = registerBrowser(owner, push.subscribe());
        given().auth().oauth2(TestTokens.forUser(other)).delete("/api/v1/notifications/web-push/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forUser(other)).get("/api/v1/notifications/web-push").then().statusCode(200)
                .body("subscriptions.id", not(hasItem(id)));
        given().auth().oauth2(TestTokens.forUser(other)).delete("/api/v1/notifications/web-push/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(TestTokens.forUser(owner)).get("/api/v1/notifications/web-push").then().body("subscriptions.id", hasItem(id));
        given().auth().oauth2(TestTokens.forUser(owner)).delete("/api/v1/notifications/web-push/" + id).then().statusCode(204);
        given().auth().oauth2(TestTokens.forUser(owner)).delete("/api/v1/notifications/web-push/" + id).then().statusCode(404);
    }

    @Test
    void theTestNotificationReachesEveryBrowserAndPreferencesRouteKinds() throws Exception {
        String user = "tryout-" + UUID.randomUUID();
        Subscription phone = push.subscribe();
        Subscription laptop = push.subscribe();
        registerBrowser(user, phone);
        registerBrowser(user, laptop);
        given().auth().oauth2(TestTokens.forUser(user)).post("/api/v1/notifications/test").then().statusCode(200)
                .body("results.outcome", equalTo(List.of("SENT", "SENT")));
        for (Subscription s : List.of(phone, laptop)) {
            assertTrue(JSON.readTree(push.awaitDelivered(s, r -> true, Duration.ofSeconds(5)).plaintext()).get("body").asText()
                    .startsWith("This is how your reminders will look"));
        }

        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/notifications/preferences").then().statusCode(200)
                .body("routes.REMINDERS", equalTo(List.of("WEB_PUSH", "STREAM", "MOBILE_PUSH")));
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json")
                .body("{\"routes\":{\"REMINDERS\":[\"STREAM\"],\"WEEKLY_SUMMARY\":[\"WEB_PUSH\"]}}")
                .put("/api/v1/notifications/preferences").then().statusCode(200)
                .body("routes.REMINDERS", equalTo(List.of("STREAM"))).body("routes.PARTNER_NUDGES", equalTo(List.of()));
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").body("{\"routes\":{\"REMINDERS\":[\"CARRIER_PIGEON\"]}}")
                .put("/api/v1/notifications/preferences").then().statusCode(400).contentType("application/problem+json");
        // Reminders no longer go to Web Push: the due reminder is not pushed.
        dueThisMorning(user);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(List.of("none NOT_DELIVERED 0 no active channel"), ledger(user)));
        assertEquals(1, push.received(phone).size());
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndCounted() {
        double before = TestMetrics.value("openly_notifications_dead_lettered_total", "reason", "invalid");
        String key = "poison-" + UUID.randomUUID();
        TestKafka.publish(Topics.REMINDERS_DUE, key, "{\"not\":\"an event\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestMetrics.value("openly_notifications_dead_lettered_total", "reason", "invalid") > before);
        assertEquals(before + 1, TestMetrics.value("openly_notifications_dead_lettered_total", "reason", "invalid"));
        assertTrue(TestKafka.readFromBeginning(Topics.REMINDERS_DUE + ".dlq", r -> key.equals(r.key()), Duration.ofSeconds(20)).stream()
                .anyMatch(r -> key.equals(r.key())), "the record is on reminders.due.dlq");
    }

    @Test
    void erasureRemovesSubscriptionsAndLedger() throws Exception {
        String user = "erased-" + UUID.randomUUID();
        Subscription browser = push.subscribe();
        registerBrowser(user, browser);
        dueThisMorning(user);
        push.awaitDelivered(browser, r -> true, Duration.ofSeconds(20));
        given().auth().oauth2(TestTokens.forUser(user)).post("/api/v1/notifications/stream-tickets").then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> !ledger(user).isEmpty());

        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, app.openly.testsupport.TestEvents.erased(user));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertEquals(List.of(), ledger(user));
            given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/notifications/web-push").then().body("subscriptions", org.hamcrest.Matchers.empty());
        });
        var tables = given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/export").then().statusCode(200)
                .extract().jsonPath().getMap("tables");
        for (String t : List.of("web_push_subscription", "notification_delivery", "stream_ticket", "notification_routing")) {
            assertEquals(List.of(), tables.get(t), t);
        }
    }
}
