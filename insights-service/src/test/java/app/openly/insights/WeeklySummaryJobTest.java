package app.openly.insights;

import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.events.Topics;
import app.openly.events.WeeklySummaryReady;
import app.openly.insights.domain.WeeklySummaries;
import app.openly.testsupport.TestEvents;
import app.openly.testsupport.TestKafka;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WeeklySummaryReady goes out once per person, when the week closes in the person's own zone. */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class WeeklySummaryJobTest {

    @Inject
    WeeklySummaries summaries;
    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void aWeekIsAnnouncedOnceWhenItClosesInThePersonsZone() throws Exception {
        String user = "ws-" + UUID.randomUUID();
        var courage = new PracticeMetrics(3, true, null, null, null, null, null, null, null, null, null, null);
        for (String at : List.of("2026-11-23T09:00:00", "2026-11-25T20:00:00", "2026-11-25T21:00:00")) {
            var facts = TestEvents.facts(UUID.randomUUID(), 1, Practice.HONEST_SENTENCE, LocalDateTime.parse(at), "Pacific/Auckland",
                    courage, List.of());
            TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, "org-ws", facts));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.forUser(user))
                .get("/api/v1/insights/weekly?week=2026-W48").then().statusCode(200)
                .body("summary.daysPracticed", equalTo(2)));

        // Sunday 29 Nov, 23:00 in Auckland (UTC+13): week 48 is still open there; week 47 had nothing and came before them.
        summaries.closeWeeks(Instant.parse("2026-11-29T10:00:00Z"));
        assertEquals(0, TestKafka.pendingOutboxRows(dataSource, user), "week 48 is still open in Auckland: nothing announced yet");
        assertEquals(List.of(), TestKafka.allEventsOf(Topics.INSIGHTS_WEEKLY_SUMMARIES, user), "and nothing was published for them");
        // Monday 30 Nov, 00:30 in Auckland while it is still Sunday in UTC: week 48 closed for this person.
        // Two runs race on the same instant, then a later run repeats: one announcement only.
        var pool = Executors.newFixedThreadPool(2);
        Callable<Integer> run = () -> summaries.closeWeeks(Instant.parse("2026-11-29T11:30:00Z"));
        var a = pool.submit(run);
        var b = pool.submit(run);
        a.get();
        b.get();
        pool.shutdown();
        summaries.closeWeeks(Instant.parse("2026-11-30T12:00:00Z"));

        List<EventEnvelope> events = TestKafka.publishedEventsOf(Topics.INSIGHTS_WEEKLY_SUMMARIES, user, dataSource, Duration.ofSeconds(20));
        assertEquals(1, events.size(), "exactly one summary for the person");
        var ready = (WeeklySummaryReady) events.get(0).payload();
        assertEquals("2026-W48", ready.week());
        assertEquals("Pacific/Auckland", ready.timeZone());
        assertEquals(2, ready.daysPracticed());
        assertEquals(3, ready.entriesByPractice().get(Practice.HONEST_SENTENCE));
        assertEquals("org-ws", events.get(0).orgId());
        // For the weekly letter: the streaks as the week closed, and the grace the streaks give (issue 14).
        assertEquals(1, ready.graceDaysPerWeek());
        assertTrue(ready.streaks().stream().anyMatch(s -> s.practice() == Practice.HONEST_SENTENCE), ready.streaks().toString());
    }
}
