package app.openly.e2e;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.Topics;
import app.openly.testsupport.TestKafka;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static io.restassured.RestAssured.given;

/**
 * A person of a test: a unique id, a zone, optionally an organization, and a token signed like the local issuer's
 * (test-support's key, which every service of the stack verifies). {@link #journal()}, {@link #reminder()} and
 * {@link #insights()} are RestAssured requests to that service as this person.
 */
public final class Person {

    private final OpenlyStack stack;
    private final String id;
    private final String org;
    private final ZoneId zone;
    private final String token;

    Person(OpenlyStack stack, String id, String org, String zone, String token) {
        this.stack = stack;
        this.id = id;
        this.org = org;
        this.zone = ZoneId.of(zone);
        this.token = token;
    }

    public String id() {
        return id;
    }

    public String org() {
        return org;
    }

    public ZoneId zone() {
        return zone;
    }

    public String token() {
        return token;
    }

    public RequestSpecification journal() {
        return as(stack.journal);
    }

    public RequestSpecification reminder() {
        return as(stack.reminder);
    }

    public RequestSpecification insights() {
        return as(stack.insights);
    }

    /** A request as this person to any service process (e.g. a second journal instance). */
    public RequestSpecification as(ServiceProcess service) {
        return given().baseUri(service.url()).auth().oauth2(token).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /**
     * Writes a body-anchor entry at {@code local} (a wall-clock time in the person's zone) through journal's public API;
     * returns the new entry's id.
     */
    public String recordBodyAnchor(java.time.LocalDateTime local, int breaths) {
        return record(entryJson("BODY_ANCHOR", local, "\"breaths\":" + breaths), stack.journal);
    }

    /** POSTs an entry body to {@code journal} and expects 201; returns the entry id. */
    public String record(String json, ServiceProcess journal) {
        return as(journal).body(json).post("/api/v1/entries").then().statusCode(201).extract().path("id");
    }

    /** The JSON of an entry of {@code practice} at {@code local} in the person's zone, with the practice's own fields. */
    public String entryJson(String practice, java.time.LocalDateTime local, String practiceFields) {
        OffsetDateTime at = ZonedDateTime.of(local, zone).toOffsetDateTime();
        return "{\"practice\":\"" + practice + "\",\"occurredAt\":\"" + at + "\",\"timeZone\":\"" + zone.getId() + "\""
                + (practiceFields.isBlank() ? "" : "," + practiceFields) + "}";
    }

    /** Every event of this person on journal's topic, read to the end of the log as it is now (duplicates included). */
    public List<EventEnvelope> journalEvents() {
        return TestKafka.readToEnd(Topics.JOURNAL_ENTRY_EVENTS).stream()
                .filter(r -> id.equals(r.key())).map(r -> EventJson.decode(r.value())).toList();
    }

    @Override
    public String toString() {
        return id;
    }
}
