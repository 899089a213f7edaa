package app.openly.journal;

import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** localDate/localTime are the person's wall clock in their IANA zone, across both DST switches. */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class LocalTimeTest {

    private static void expectLocal(String occurredAt, String zone, String localDate, String localTime) {
        given().auth().oauth2(TestTokens.forUser("tz-" + UUID.randomUUID())).contentType("application/json")
                .body("""
                        {"practice":"BODY_ANCHOR","occurredAt":"%s","timeZone":"%s","breaths":4}""".formatted(occurredAt, zone))
                .post("/api/v1/entries")
                .then().statusCode(201)
                .body("localDate", equalTo(localDate))
                .body("localTime", equalTo(localTime));
    }

    @Test
    void springForwardSkipsTheMissingHour() {
        // 01:30 UTC on 29 March 2026 is 03:30 in Berlin: 02:00-03:00 local does not exist that night.
        expectLocal("2026-03-29T01:30:00Z", "Europe/Berlin", "2026-03-29", "03:30:00");
        expectLocal("2026-03-29T00:59:00Z", "Europe/Berlin", "2026-03-29", "01:59:00");
    }

    @Test
    void fallBackShowsTheRepeatedHourTwice() {
        // 02:30 happens twice in Berlin on 25 October 2026: once in summer time, once in winter time.
        expectLocal("2026-10-25T00:30:00Z", "Europe/Berlin", "2026-10-25", "02:30:00");
        expectLocal("2026-10-25T01:30:00Z", "Europe/Berlin", "2026-10-25", "02:30:00");
    }

    @Test
    void theLocalDateIsThePersonsNotUtc() {
        // Late evening in Los Angeles is already the next day in UTC; the entry belongs to the evening.
        expectLocal("2026-11-25T06:30:00Z", "America/Los_Angeles", "2026-11-24", "22:30:00");
        expectLocal("2026-11-24T12:00:00Z", "Pacific/Kiritimati", "2026-11-25", "02:00:00");
    }
}
