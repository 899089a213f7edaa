package app.openly.reminder.notifications;

import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.ReminderDue;
import app.openly.events.Topics;
import app.openly.reminder.ReminderTestInfrastructure;
import app.openly.reminder.domain.logic.Messages;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import app.openly.reminder.config.DeliveryConfig;
import app.openly.reminder.domain.delivery.StreamHub;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live stream of an open page: a due reminder within a second, single-use tickets. */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class NotificationStreamTest {

    @TestHTTPResource("/api/v1/notifications/stream")
    URI stream;
    @Inject
    StreamHub hub;
    @Inject
    DeliveryConfig config;

    private static final String END = "<end of stream>";

    /** Reads the stream's lines into a queue, as an EventSource would, until it ends. */
    private BlockingQueue<String> open(String ticket, HttpClient client) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(URI.create(stream + "?ticket=" + ticket))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        Thread reader = new Thread(() -> {
            try (Stream<String> body = response.body()) {
                body.forEach(lines::add);
            } catch (RuntimeException e) {
                // connection closed
            }
            lines.add(END);
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String ticketFor(String user) {
        return given().auth().oauth2(TestTokens.forUser(user)).post("/api/v1/notifications/stream-tickets").then().statusCode(201)
                .extract().path("ticket");
    }

    private static String next(BlockingQueue<String> lines, java.util.function.Predicate<String> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null && (which.test(line) || line.equals(END))) {
                return line;
            }
        }
        return null;
    }

    @Test
    void aDueReminderArrivesWithinASecondAndAReusedTicketIsRefusedAndClosesTheStream() throws Exception {
        String user = "stream-" + UUID.randomUUID();
        String other = "stream-other-" + UUID.randomUUID();
        HttpClient client = HttpClient.newHttpClient();
        String ticket = ticketFor(user);
        BlockingQueue<String> lines = open(ticket, client);
        assertNotNull(next(lines, l -> l.startsWith(":"), Duration.ofSeconds(5)), "the stream opens with a comment");

        // Someone else's reminder is not in this stream; the person's own arrives within a second of falling due.
        TestKafka.publish(Topics.REMINDERS_DUE, due(other));
        Instant published = Instant.now();
        TestKafka.publish(Topics.REMINDERS_DUE, due(user));
        String data = next(lines, l -> l.startsWith("data:"), Duration.ofSeconds(5));
        Duration latency = Duration.between(published, Instant.now());
        assertNotNull(data);
        assertTrue(data.contains(Messages.message(Practice.HONEST_SENTENCE)), data);
        assertTrue(latency.compareTo(Duration.ofSeconds(1)) < 0, "arrived after " + latency);
        assertTrue(lines.stream().noneMatch(l -> l.contains(other)));

        // The ticket again: refused, and the stream it opened is closed (it may have been copied).
        var reuse = client.send(HttpRequest.newBuilder(URI.create(stream + "?ticket=" + ticket)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, reuse.statusCode());
        assertEquals(END, next(lines, l -> false, Duration.ofSeconds(5)));

        // No ticket, an unknown one: refused.
        assertEquals(401, client.send(HttpRequest.newBuilder(stream).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(401, client.send(HttpRequest.newBuilder(URI.create(stream + "?ticket=made-up")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void theTestNotificationReachesAnOpenPage() throws Exception {
        String user = "stream-test-" + UUID.randomUUID();
        HttpClient client = HttpClient.newHttpClient();
        BlockingQueue<String> lines = open(ticketFor(user), client);
        assertNotNull(next(lines, l -> l.startsWith(":"), Duration.ofSeconds(5)));
        given().auth().oauth2(TestTokens.forUser(user)).post("/api/v1/notifications/test").then().statusCode(200)
                .body("results.channel", org.hamcrest.Matchers.hasItem("STREAM"));
        String data = next(lines, l -> l.startsWith("data:"), Duration.ofSeconds(5));
        assertNotNull(data);
        assertTrue(data.contains("This is how your reminders will look"), data);
    }

    /**
     * The same address asked for as JSON, for a client that cannot hold a stream: a long poll that answers as soon as
     * the person's reminder arrives (not someone else's), none after the configured wait, and the ticket once only.
     */
    @Test
    void aPollAskedForAsJsonAnswersTheReminderThatArrivesWhileItWaits() throws Exception {
        String user = "poll-" + UUID.randomUUID();
        String other = "poll-other-" + UUID.randomUUID();
        String ticket = ticketFor(user);
        CompletableFuture<io.restassured.response.Response> answer = CompletableFuture.supplyAsync(
                () -> given().accept("application/json").queryParam("ticket", ticket).get("/api/v1/notifications/stream"));
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.hasListeners(user));
        TestKafka.publish(Topics.REMINDERS_DUE, due(other));
        long published = System.nanoTime();
        TestKafka.publish(Topics.REMINDERS_DUE, due(user));
        io.restassured.response.Response r = answer.get(10, TimeUnit.SECONDS);
        Duration waited = Duration.ofNanos(System.nanoTime() - published);
        assertTrue(waited.compareTo(config.stream().pollWait()) < 0, "answered when the reminder arrived, not at the end of the wait: " + waited);
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        List<Map<String, Object>> notifications = r.jsonPath().getList("notifications");
        assertEquals(1, notifications.size(), r.asString());
        assertEquals("reminder", notifications.get(0).get("kind"));
        assertEquals(Messages.message(Practice.HONEST_SENTENCE), notifications.get(0).get("body"));
        assertTrue(notifications.get(0).containsKey("reminderId"), r.asString());
        assertFalse(r.asString().contains(other));
        assertFalse(hub.hasListeners(user), "the poll left the hub when it answered");

        // The ticket again: refused, as for the stream.
        given().accept("application/json").queryParam("ticket", ticket).get("/api/v1/notifications/stream").then().statusCode(401)
                .contentType("application/json");
        given().accept("application/json").queryParam("ticket", "made-up").get("/api/v1/notifications/stream").then().statusCode(401);
    }

    @Test
    void aPollWithNothingToSayAnswersNoneAfterTheWaitAndTheStreamStaysTheDefault() throws Exception {
        String user = "poll-empty-" + UUID.randomUUID();
        long started = System.nanoTime();
        given().accept("application/json").queryParam("ticket", ticketFor(user)).get("/api/v1/notifications/stream").then().statusCode(200)
                .contentType("application/json").body("notifications", org.hamcrest.Matchers.empty());
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(waited.compareTo(config.stream().pollWait()) >= 0, "answered after " + waited);
        assertFalse(hub.hasListeners(user));

        // Without an Accept header, or with */*: the event stream, as before there was a poll.
        HttpClient client = HttpClient.newHttpClient();
        for (String accept : new String[]{null, "*/*", "text/event-stream"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stream + "?ticket=" + ticketFor(user)));
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), accept + ": " + response.headers());
            response.body().close();
        }
    }

    private static EventEnvelope due(String user) {
        return EventEnvelope.of(UUID.randomUUID(), Instant.now(), user, null, new ReminderDue(UUID.randomUUID(), Practice.HONEST_SENTENCE,
                Instant.now(), LocalTime.NOON, "Europe/Berlin", Messages.message(Practice.HONEST_SENTENCE), "learned"));
    }
}
