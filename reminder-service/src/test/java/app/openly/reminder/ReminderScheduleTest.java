package app.openly.reminder;

import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.ReminderDue;
import app.openly.events.Topics;
import app.openly.reminder.messaging.DueReminderScheduler;
import app.openly.testsupport.TestClock;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestRows;
import app.openly.testsupport.TestMetrics;
import app.openly.testsupport.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reminder schedule end to end: entry events over the real broker, PostgreSQL, the due scan and ReminderDue on Kafka. */
@QuarkusTest
@WithTestResource(ReminderTestInfrastructure.class)
class ReminderScheduleTest {

    private static final String BERLIN = "Europe/Berlin";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    TestClock clock;
    @Inject
    DueReminderScheduler scheduler;
    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void realTimeAgain() {
        clock.reset();
    }

    private static Instant berlin(String local) {
        return LocalDateTime.parse(local).atZone(ZoneId.of(BERLIN)).toInstant();
    }

    private static String preferences(String zone, boolean follow, String practices, int cap) {
        return """
                {"timeZone":"%s","followEntryTimeZone":%s,"practices":{%s},
                 "days":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"],
                 "quietHours":{"start":"23:00","end":"07:00"},"dailyCap":%d}""".formatted(zone, follow, practices, cap);
    }

    private static void put(String user, String body) {
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").body(body)
                .put("/api/v1/reminders/preferences").then().statusCode(200);
    }

    private static JsonPath next(String user) {
        return given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/next")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theReminderMovesTowardTheHabitSaysWhyAndFollowsTravel() {
        String user = "habit-" + UUID.randomUUID();
        clock.set(berlin("2026-11-24T08:00"));
        for (String day : List.of("2026-11-21", "2026-11-22", "2026-11-23")) {
            TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                    TestEvents.recorded(user, Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse(day + "T21:40:00"), BERLIN));
        }
        // Defaults for a new person, in the zone of their entries; the practice they keep is among today's two.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var next = next(user);
            assertEquals("21:40:00", next.getString("reminders.find { it.practice == 'RITUAL_OF_OPENNESS' && it.localDate == '2026-11-24' }.localTime"));
        });
        var next = next(user);
        String reason = next.getString("reminders.find { it.practice == 'RITUAL_OF_OPENNESS' }.reason");
        assertEquals("You usually reflect around 9:40 PM, so we moved this from 9:00 PM.", reason);
        assertEquals(BERLIN, next.getString("reminders[0].timeZone"));
        assertTrue(next.getString("reminders[0].message").length() > 10);
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/preferences").then().statusCode(200)
                .body("timeZone", equalTo(BERLIN)).body("followEntryTimeZone", equalTo(true)).body("dailyCap", equalTo(2))
                .body("practices.RITUAL_OF_OPENNESS.start", equalTo("21:00:00"));

        // Travel: an entry from Tokyo moves the schedule into Tokyo's days and hours.
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T15:50:00"), "Asia/Tokyo"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertEquals("Asia/Tokyo", next(user).getString("reminders[0].timeZone")));
        // Still 21:40 local: the learned time is a local time, wherever the person is.
        assertEquals("21:40:00", next(user).getString("reminders.find { it.practice == 'RITUAL_OF_OPENNESS' }.localTime"));
    }

    @Test
    void noReminderForAPracticeDoneTodayAndADeletedEntryBringsItBack() {
        String user = "done-" + UUID.randomUUID();
        clock.set(berlin("2026-11-24T11:00"));
        put(user, preferences(BERLIN, false, "\"RITUAL_OF_OPENNESS\":{\"start\":\"21:00\",\"end\":\"22:30\"}", 2));
        assertEquals(List.of("2026-11-24", "2026-11-25"), next(user).getList("reminders.localDate"));

        var facts = TestEvents.facts(UUID.randomUUID(), 1, Practice.RITUAL_OF_OPENNESS, LocalDateTime.parse("2026-11-24T10:30:00"),
                BERLIN, null, List.of());
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, null, facts));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertEquals(List.of("2026-11-25"), next(user).getList("reminders.localDate")));

        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.deleted(user, null, facts));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertEquals(List.of("2026-11-24", "2026-11-25"), next(user).getList("reminders.localDate")));
        // A late redelivery of the original EntryRecorded (older version) does not hide it again.
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, null, facts));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T10:40:00"), BERLIN));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/activity").then()
                        .body("find { it.practice == 'BODY_ANCHOR' }.entriesSeen", equalTo(1)));
        assertEquals(List.of("2026-11-24", "2026-11-25"), next(user).getList("reminders.localDate"));
    }

    @Test
    void twoSchedulersOnOneDatabasePublishEachDueReminderExactlyOnce() throws Exception {
        clock.set(berlin("2026-11-24T05:00"));
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String user = "due-" + i + "-" + UUID.randomUUID();
            people.add(user);
            put(user, preferences(BERLIN, false, "\"BODY_ANCHOR\":{\"start\":\"07:30\",\"end\":\"09:30\"},"
                    + "\"HONEST_SENTENCE\":{\"start\":\"08:00\",\"end\":\"09:00\"}", 2));
        }
        // Two replicas scan the same database at the same moment, twice over; the batch size is small in tests.
        double publishedBefore = TestMetrics.value("openly_reminders_published_total");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Instant at = berlin("2026-11-24T08:30");
        List<Future<?>> runs = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            Callable<Void> scan = () -> {
                scheduler.runOnce(at);
                return null;
            };
            runs.add(pool.submit(scan));
            runs.add(pool.submit(scan));
        }
        for (Future<?> f : runs) {
            f.get();
        }
        pool.shutdown();

        Set<String> wanted = new HashSet<>(people);
        Map<UUID, Integer> published = new HashMap<>();
        // Exact: once no row of these people waits in the outbox (the relay deletes only after the broker's ack),
        // everything published is on the log; read it to its end, duplicates included.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (String user : people) {
                if (TestKafka.pendingOutboxRows(dataSource, user) > 0) {
                    return false;
                }
            }
            return true;
        });
        var records = TestKafka.readToEnd(Topics.REMINDERS_DUE);
        for (var r : records) {
            if (!wanted.contains(r.key())) {
                continue;
            }
            EventEnvelope e = app.openly.events.EventJson.decode(r.value());
            ReminderDue due = (ReminderDue) e.payload();
            published.merge(due.reminderId(), 1, Integer::sum);
            assertEquals(r.key(), e.userId(), "keyed by person");
            assertFalse(due.message().isBlank());
        }
        assertEquals(people.size() * 2, published.size(), "every person's two reminders of the day");
        published.forEach((id, times) -> assertEquals(1, times, "reminder " + id + " published once"));
        assertTrue(TestMetrics.value("openly_reminders_published_total") >= publishedBefore + people.size() * 2, "counted for alerts");
        assertTrue(TestMetrics.value("openly_reminders_last_scan_epoch_seconds") > 0, "the last complete scan is visible");
        for (String user : people) {
            assertEquals(List.of("2026-11-25", "2026-11-25"), next(user).getList("reminders.localDate"), "today's are sent");
        }
    }

    @Test
    void dismissalsCountOnceOpenedAndANewEntryEndTheBackOffAndSnoozeBringsItBack() throws Exception {
        String user = "answer-" + UUID.randomUUID();
        clock.set(berlin("2026-11-24T06:00"));
        put(user, preferences(BERLIN, false, "\"BODY_ANCHOR\":{\"start\":\"07:30\",\"end\":\"09:30\"}", 2));
        String today = next(user).getString("reminders[0].id");
        scheduler.runOnce(berlin("2026-11-24T07:31"));

        dismiss(user, today);
        dismiss(user, today); // the same reminder twice counts once
        assertEquals(1, unanswered(user));
        answer(user, today, "{\"response\":\"OPENED\"}");
        assertEquals(0, unanswered(user));

        scheduler.runOnce(berlin("2026-11-25T07:31"));
        String tomorrow = idOn(user, "2026-11-25");
        dismiss(user, tomorrow);
        assertEquals(1, unanswered(user));
        // A new entry of the practice: the person is back, the back-off ends.
        clock.set(berlin("2026-11-25T08:00"));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-25T07:50:00"), BERLIN));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(0, unanswered(user)));

        // Snoozed for 30 minutes: back in /next with a reason, and due again as a new event.
        answer(user, tomorrow, "{\"response\":\"SNOOZED\",\"minutes\":30}");
        var snoozed = next(user);
        assertEquals(tomorrow, snoozed.getString("reminders[0].id"));
        assertEquals(berlin("2026-11-25T08:30").toString(), snoozed.getString("reminders[0].at"));
        assertEquals("08:30:00", snoozed.getString("reminders[0].localTime"));
        assertEquals("You asked to be reminded again in 30 minutes.", snoozed.getString("reminders[0].reason"));
        scheduler.runOnce(berlin("2026-11-25T08:31"));
        var events = TestKafka.publishedEventsOf(Topics.REMINDERS_DUE, user, dataSource, Duration.ofSeconds(60));
        assertEquals(List.of(today, tomorrow, tomorrow),
                events.stream().map(e -> ((ReminderDue) e.payload()).reminderId().toString()).toList());
        assertEquals(3, events.stream().map(EventEnvelope::eventId).distinct().count(), "each due moment is its own event");
    }

    /**
     * A scan marks at most one batch of unanswered reminders as ignored, oldest first, and other tests' people
     * share this database: scanning the same minute again until the backlog is through keeps this test
     * independent of what ran before it (and checks again that repeated scans count nothing twice).
     */
    private void scanThroughTheBacklog(java.time.Instant at) {
        for (int i = 0; i < 30; i++) {
            scheduler.runOnce(at);
        }
    }

    @Test
    void aReminderNobodyAnsweredCountsAsIgnoredOnce() throws Exception {
        String user = "ignored-" + UUID.randomUUID();
        clock.set(berlin("2026-11-24T06:00"));
        put(user, preferences(BERLIN, false, "\"BODY_ANCHOR\":{\"start\":\"07:30\",\"end\":\"09:30\"}", 2));
        scheduler.runOnce(berlin("2026-11-24T07:31"));
        scheduler.runOnce(berlin("2026-11-24T09:29")); // within two hours: still waiting for an answer
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/history").then()
                .body("reminders[0].response", org.hamcrest.Matchers.nullValue());
        scanThroughTheBacklog(berlin("2026-11-24T09:31"));
        scheduler.runOnce(berlin("2026-11-24T09:45")); // counted once, however often the scan runs
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/history").then()
                .body("reminders[0].response", equalTo("IGNORED")).body("reminders[0].helpful", equalTo(false));
        scheduler.runOnce(berlin("2026-11-25T07:31"));
        scanThroughTheBacklog(berlin("2026-11-25T09:31"));
        clock.set(berlin("2026-11-25T10:00"));
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/history").then()
                .body("reminders.response", equalTo(List.of("IGNORED", "IGNORED")));
        // Two in a row: the back-off the planner applies from here on (its unit tests pin which days remain).
        assertEquals(2, unanswered(user));
    }

    @Test
    void aPauseSilencesHistoryShowsWhatHelpedAndErasureRemovesEverything() {
        String user = "pause-" + UUID.randomUUID();
        clock.set(berlin("2026-11-24T06:00"));
        String body = "\"BODY_ANCHOR\":{\"start\":\"07:30\",\"end\":\"09:30\"}";
        put(user, preferences(BERLIN, false, body, 2));
        scheduler.runOnce(berlin("2026-11-24T07:31"));
        // The practice followed within two hours: the reminder helped.
        clock.set(berlin("2026-11-24T08:15"));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS,
                TestEvents.recorded(user, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-24T08:10:00"), BERLIN));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/history").then().statusCode(200)
                        .body("reminders[0].localDate", equalTo("2026-11-24")).body("reminders[0].helpful", equalTo(true)));
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/history?days=0").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("days"));

        // Snoozed, then a pause: the pause silences the snoozed reminder too.
        String sent = given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/history").then().extract().path("reminders[0].id");
        answer(user, sent, "{\"response\":\"SNOOZED\",\"minutes\":30}");
        assertEquals(sent, next(user).getString("reminders[0].id"));
        // On vacation until the 26th: nothing before the 27th.
        put(user, preferences(BERLIN, false, body, 2).replace("\"dailyCap\"", "\"pausedUntil\":\"2026-11-26\",\"dailyCap\""));
        assertEquals(List.of(), next(user).getList("reminders"));
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/preferences").then().body("pausedUntil", equalTo("2026-11-26"));

        // The person's export holds every row kept about them, and only theirs.
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/export").then().statusCode(200)
                .body("userId", equalTo(user)).body("service", equalTo("reminder-service"))
                .body("tables.reminder_preferences[0].paused_until", equalTo("2026-11-26"))
                .body("tables.practice_history.local_time", org.hamcrest.Matchers.hasItem("08:10:00"))
                .body("tables.scheduled_reminder.user_id", org.hamcrest.Matchers.everyItem(equalTo(user)))
                .body("tables", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("processed_event")));

        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.erased(user));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/history").then()
                        .body("reminders", org.hamcrest.Matchers.empty()));
        Map<String, Object> left = given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/export").then().statusCode(200)
                .extract().jsonPath().getMap("tables");
        assertFalse(left.isEmpty());
        left.forEach((table, rows) -> assertEquals(List.of(), rows, "left in " + table));
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/preferences").then()
                .body("pausedUntil", org.hamcrest.Matchers.nullValue()).body("timeZone", equalTo("UTC"));
    }

    @Test
    void aPatchChangesOnlyWhatItNamesAndABadPatchChangesNothing() {
        String user = "patch-" + UUID.randomUUID();
        clock.set(berlin("2026-11-24T06:00"));
        put(user, preferences(BERLIN, false, "\"BODY_ANCHOR\":{\"start\":\"07:30\",\"end\":\"09:30\"},"
                + "\"RITUAL_OF_OPENNESS\":{\"start\":\"21:00\",\"end\":\"22:30\"}", 2));
        // Vacation, set from the phone with one field: the rest stays, and the pause silences at once.
        patch(user, "{\"pausedUntil\":\"2026-11-26\"}").statusCode(200)
                .body("pausedUntil", equalTo("2026-11-26")).body("dailyCap", equalTo(2)).body("timeZone", equalTo(BERLIN))
                .body("practices.RITUAL_OF_OPENNESS.start", equalTo("21:00:00"));
        assertEquals(List.of(), next(user).getList("reminders"));
        // Back early, and no more ritual reminders: null removes.
        patch(user, "{\"pausedUntil\":null,\"practices\":{\"RITUAL_OF_OPENNESS\":null}}").statusCode(200)
                .body("pausedUntil", org.hamcrest.Matchers.nullValue())
                .body("practices", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("RITUAL_OF_OPENNESS")))
                .body("practices.BODY_ANCHOR.end", equalTo("09:30:00"));
        List<String> practices = next(user).getList("reminders.practice");
        assertFalse(practices.isEmpty());
        assertEquals(Set.of("BODY_ANCHOR"), new HashSet<>(practices));

        // Each bad patch names its field, and nothing of it is kept.
        patchProblem(user, "{\"dailyCap\":99}", "dailyCap");
        patchProblem(user, "{\"dailyCap\":\"two\"}", "dailyCap");
        patchProblem(user, "{\"timeZone\":\"Mars/Base\",\"dailyCap\":1}", "timeZone");
        patchProblem(user, "{\"userId\":\"someone-else\"}", "userId");
        patchProblem(user, "{\"practices\":{\"BODY_ANCHOR\":{\"start\":\"10:00\"}}}", "practices.BODY_ANCHOR.end");
        patchProblem(user, "[1]", "body");
        given().auth().oauth2(TestTokens.forUser(user)).contentType("text/plain").body("dailyCap=1")
                .patch("/api/v1/reminders/preferences").then().statusCode(415);
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/preferences").then().statusCode(200)
                .body("dailyCap", equalTo(2)).body("timeZone", equalTo(BERLIN)).body("practices.BODY_ANCHOR.start", equalTo("07:30:00"));
        given().contentType(MERGE_PATCH).body("{\"dailyCap\":1}").patch("/api/v1/reminders/preferences")
                .then().statusCode(401);
    }

    private static io.restassured.response.ValidatableResponse patch(String user, String body) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType(MERGE_PATCH).body(body)
                .patch("/api/v1/reminders/preferences").then();
    }

    private static void patchProblem(String user, String body, String field) {
        patch(user, body).statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem(field));
    }

    @Test
    void badPreferencesAndResponsesAreProblemsNamingTheFieldAndChangeNothing() {
        String user = "bad-" + UUID.randomUUID();
        clock.set(berlin("2026-11-24T06:00"));
        put(user, preferences(BERLIN, false, "\"BODY_ANCHOR\":{\"start\":\"07:30\",\"end\":\"09:30\"}", 2));
        String ritual = "\"RITUAL_OF_OPENNESS\":{\"start\":\"21:00\",\"end\":\"22:30\"}";
        badPreferences(user, preferences("Mars/Olympus", false, ritual, 2), "timeZone");
        badPreferences(user, preferences(BERLIN, false, "\"RITUAL_OF_OPENNESS\":{\"start\":\"22:30\",\"end\":\"21:00\"}", 2),
                "practices.RITUAL_OF_OPENNESS.end");
        badPreferences(user, preferences(BERLIN, false, "\"JOGGING\":{\"start\":\"07:00\",\"end\":\"08:00\"}", 2), "practices");
        badPreferences(user, preferences(BERLIN, false, ritual, 11), "dailyCap");
        badPreferences(user, preferences(BERLIN, false, ritual, 2).replace("\"dailyCap\"", "\"userId\":\"someone-else\",\"dailyCap\""), "userId");
        badPreferences(user, preferences(BERLIN, false, ritual, 2).replace("\"23:00\"", "\"late\""), "quietHours.start");
        badPreferences(user, preferences(BERLIN, false, ritual, 2).replace("\"timeZone\":\"Europe/Berlin\",", ""), "timeZone");
        given().auth().oauth2(TestTokens.forUser(user)).get("/api/v1/reminders/preferences").then()
                .body("practices.BODY_ANCHOR.start", equalTo("07:30:00")).body("practices.RITUAL_OF_OPENNESS", org.hamcrest.Matchers.nullValue());

        String id = next(user).getString("reminders[0].id");
        answerProblem(user, id, "{\"response\":\"SNOOZED\"}", 400, "minutes");
        answerProblem(user, id, "{\"response\":\"SNOOZED\",\"minutes\":2}", 400, "minutes");
        answerProblem(user, id, "{\"response\":\"OPENED\",\"minutes\":30}", 400, "minutes");
        answerProblem(user, id, "{\"response\":\"LATER\"}", 400, "response");
        // Another person's reminder, and ids that are none, answer 404.
        given().auth().oauth2(TestTokens.forUser("stranger-" + UUID.randomUUID())).contentType("application/json")
                .body("{\"response\":\"OPENED\"}").post("/api/v1/reminders/" + id + "/response").then().statusCode(404);
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json")
                .body("{\"response\":\"OPENED\"}").post("/api/v1/reminders/not-a-uuid/response").then().statusCode(404);
        given().get("/api/v1/reminders/next").then().statusCode(401);
        given().contentType("application/json").body(preferences(BERLIN, false, ritual, 2)).put("/api/v1/reminders/preferences")
                .then().statusCode(401);
    }

    private static void badPreferences(String user, String body, String field) {
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").body(body)
                .put("/api/v1/reminders/preferences").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem(field));
    }

    private static void answerProblem(String user, String id, String body, int status, String field) {
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").body(body)
                .post("/api/v1/reminders/" + id + "/response").then().statusCode(status).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem(field));
    }

    private static void answer(String user, String id, String body) {
        given().auth().oauth2(TestTokens.forUser(user)).contentType("application/json").body(body)
                .post("/api/v1/reminders/" + id + "/response").then().statusCode(204);
    }

    private static void dismiss(String user, String id) {
        answer(user, id, "{\"response\":\"DISMISSED\"}");
    }

    private String idOn(String user, String localDate) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select id from scheduled_reminder where user_id = ? and local_date = ?::date")) {
            s.setString(1, user);
            s.setString(2, localDate);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "a reminder on " + localDate);
                return r.getString(1);
            }
        }
    }

    private int unanswered(String user) throws Exception {
        return (int) TestRows.number(dataSource, "select coalesce(sum(unanswered_in_a_row), 0) from practice_response where user_id = ?", user);
    }
}
