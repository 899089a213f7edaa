package app.openly.e2e;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.EventType;
import app.openly.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Erasure from journal's {@code DELETE /api/v1/me} across every service, checked against every table of every
 * service's database (any column, the whole row as text); a copy of an event from before the erasure arriving
 * late re-creates nothing; an organization's published figures stay as they were (anonymous aggregates).
 */
class ErasureIT {

    private final OpenlyStack stack = OpenlyStack.get();

    @Test
    void deleteMeLeavesNothingOfThePersonInAnyTableOfAnyServiceAndALateEventCreatesNothing() {
        Person bea = stack.newPerson("America/New_York", "org-" + UUID.randomUUID());
        LocalDate day = LocalDate.now(bea.zone()).minusDays(2);
        bea.recordBodyAnchor(LocalDateTime.of(day, LocalTime.of(6, 30)), 6);
        bea.record(bea.entryJson("HONEST_SENTENCE", LocalDateTime.of(day, LocalTime.of(22, 5)),
                "\"sentence\":\"not for anyone else\",\"courage\":3"), stack.journal);
        bea.insights().body("{\"shareWithOrganization\":true}").put("/api/v1/insights/sharing").then().statusCode(200);
        Person other = stack.newPerson("America/New_York", bea.org());
        other.recordBodyAnchor(LocalDateTime.of(day, LocalTime.of(6, 30)), 6);

        // Every service holds something of both first.
        await("both reached every service").atMost(OpenlyStack.SETTLE).untilAsserted(() -> {
            for (Person p : List.of(bea, other)) {
                for (Database db : stack.databases()) {
                    assertTrue(!db.rowsMentioning(p.id()).isEmpty(), db + " holds nothing of " + p + " yet");
                }
            }
            bea.insights().get("/api/v1/insights/days").then().body("", hasSize(2));
        });
        Map<String, Map<String, Long>> otherBefore = everywhere(other);

        bea.journal().delete("/api/v1/me").then().statusCode(204);

        await("nothing of her is left anywhere").atMost(OpenlyStack.SETTLE).untilAsserted(() ->
                assertEquals(Map.of(), everywhere(bea), "rows still mentioning the erased person, by database and table"));
        // Her last event is UserErased, once; each consumer recorded every event of hers in its ledger, which holds
        // only the consumer's name, a random event id and a time — nothing that names her.
        List<ConsumerRecord<String, byte[]>> log = KafkaLog.journalRecordsOf(bea);
        List<EventEnvelope> events = log.stream().map(r -> EventJson.decode(r.value())).toList();
        assertEquals(EventType.USER_ERASED, events.get(events.size() - 1).eventType(), "UserErased comes last");
        assertEquals(1, events.stream().filter(e -> e.eventType() == EventType.USER_ERASED).count(), "UserErased once");
        for (String service : List.of("reminder", "insights")) {
            Database db = stack.db(service);
            assertEquals(List.of("consumer", "event_id", "processed_at"), columns(db, "processed_event"));
            await(service + " consumed every event of hers").atMost(OpenlyStack.SETTLE).untilAsserted(() -> {
                for (EventEnvelope e : events) {
                    assertEquals(1, db.number("select count(*) from processed_event where event_id = ?", e.eventId()),
                            service + " ledger for " + e.eventType());
                }
            });
            assertEquals(0, db.number("select count(*) from outbox_event where message_key = ?", bea.id()), service + " outbox");
        }
        assertEquals(0, stack.db("journal").number("select count(*) from outbox_event where message_key = ?", bea.id()), "journal outbox");
        // The other member of her organization keeps everything.
        assertEquals(otherBefore, everywhere(other));
        bea.journal().get("/api/v1/entries").then().statusCode(200).body("items", hasSize(0));

        // Late: a copy of her first entry's event arrives again after UserErased (a relay re-sent it, a consumer rewound).
        ConsumerRecord<String, byte[]> first = log.get(0);
        var late = KafkaLog.publish(Topics.JOURNAL_ENTRY_EVENTS, first.key(), first.value());
        await("both consumers went past the late copy").atMost(OpenlyStack.SETTLE).until(() ->
                KafkaLog.committedOffset(KafkaLog.REMINDER_GROUP, late.topic(), late.partition()) > late.offset()
                        && KafkaLog.committedOffset(KafkaLog.INSIGHTS_GROUP, late.topic(), late.partition()) > late.offset());
        assertEquals(Map.of(), everywhere(bea), "the late event re-created something of the erased person");
        bea.reminder().get("/api/v1/reminders/activity").then().statusCode(200).body("", hasSize(0));
        bea.insights().get("/api/v1/insights/days").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void anOrganizationsPublishedWeekStaysAsItWasWhenAMemberIsErased() {
        String org = "org-" + UUID.randomUUID();
        Person admin = stack.newPerson("Europe/Berlin", org, "org-admin");
        // A week that has ended everywhere (three weeks back), its Wednesday in each member's zone.
        LocalDate monday = LocalDate.now(ZoneOffset.UTC).minusWeeks(3).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        List<Person> members = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Person m = stack.newPerson(i % 2 == 0 ? "Europe/Berlin" : "America/New_York", org);
            m.recordBodyAnchor(LocalDateTime.of(monday.plusDays(2), LocalTime.of(7 + i, 15)), 5 + i);
            members.add(m);
        }
        await("insights has every member's entry").atMost(OpenlyStack.SETTLE).untilAsserted(() -> {
            for (Person m : members) {
                m.insights().get("/api/v1/insights/days").then().statusCode(200).body("", hasSize(1));
            }
        });
        for (Person m : members) {
            m.insights().body("{\"shareWithOrganization\":true}").put("/api/v1/insights/sharing").then().statusCode(200);
        }
        // Opting in counts from the next week not begun; stage a past in which they had opted in before that week.
        int moved = stack.db("insights").update("update org_sharing_period set counted_from = ? where org_id = ?", monday, org);
        assertEquals(members.size(), moved);

        String week = app.openly.e2e.Weeks.iso(monday);
        await("the week is published").atMost(OpenlyStack.SETTLE).untilAsserted(() -> admin.insights()
                .queryParam("week", week).get("/api/v1/orgs/" + org + "/insights/weekly").then().statusCode(200)
                .body("published", equalTo(true)));
        String before = admin.insights().queryParam("week", week).get("/api/v1/orgs/" + org + "/insights/weekly").then()
                .statusCode(200).extract().asString();
        long weeksBefore = stack.db("insights").number("select count(*) from org_week where org_id = ?", org);

        Person leaving = members.get(0);
        leaving.journal().delete("/api/v1/me").then().statusCode(204);
        await("the member is erased everywhere").atMost(OpenlyStack.SETTLE).untilAsserted(() ->
                assertEquals(Map.of(), everywhere(leaving)));

        // Published figures are anonymous aggregates: kept, unchanged to the byte (nobody can compare before/after).
        String after = admin.insights().queryParam("week", week).get("/api/v1/orgs/" + org + "/insights/weekly").then()
                .statusCode(200).extract().asString();
        assertEquals(before, after);
        assertEquals(weeksBefore, stack.db("insights").number("select count(*) from org_week where org_id = ?", org));
        // The remaining members still count (their sharing periods are untouched).
        assertEquals(members.size() - 1, stack.db("insights").number("select count(*) from org_sharing_period where org_id = ?", org));
    }

    /** Rows mentioning the person, by database and table; empty when there is none anywhere. */
    private Map<String, Map<String, Long>> everywhere(Person p) {
        Map<String, Map<String, Long>> hits = new java.util.TreeMap<>();
        for (Database db : stack.databases()) {
            var found = db.rowsMentioning(p.id());
            if (!found.isEmpty()) {
                hits.put(db.service(), found);
            }
        }
        return hits;
    }

    private static List<String> columns(Database db, String table) {
        return db.rows("select column_name from information_schema.columns where table_schema = 'public' and table_name = ? order by ordinal_position",
                table).stream().map(r -> (String) r.get("column_name")).toList();
    }
}
