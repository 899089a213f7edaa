package app.openly.e2e;

import app.openly.events.Topics;
import app.openly.testsupport.TestKafka;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 end to end, over the packaged services, real PostgreSQL and Kafka: a person in Berlin pairs with one in
 * New York through journal; both write shared rituals across their own midnights; the reveal happens only after
 * both shared; reminder-service (by events only) moves both ritual reminders to one moment in both evenings and says
 * why; insights-service (by events only) keeps their shared streak; unpairing hides the partner's words; a third
 * person, the former partner and an org admin read nothing; no ritual word reaches Kafka or a log.
 */
class RitualAcrossServicesIT {

    private static final String ALIGNED = "so that you and your partner are both in your evening.";

    private final OpenlyStack stack = OpenlyStack.get();

    private static String ritual(Person p, LocalDateTime local, String text) {
        return p.entryJson("RITUAL_OF_OPENNESS", local, "\"kind\":\"GRATITUDE\",\"text\":\"" + text + "\",\"shareWithPartner\":true");
    }

    private static void ritualWindow(Person p, String start, String end) {
        p.reminder().body("""
                        {"timeZone":"%s","followEntryTimeZone":false,"practices":{"RITUAL_OF_OPENNESS":{"start":"%s","end":"%s"}},
                         "days":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"],
                         "quietHours":{"start":"23:45","end":"07:00"},"dailyCap":2}""".formatted(p.zone().getId(), start, end))
                .put("/api/v1/reminders/preferences").then().statusCode(200);
    }

    private static List<Map<String, Object>> ritualReminders(Person p) {
        JsonPath next = p.reminder().get("/api/v1/reminders/next").then().statusCode(200).extract().jsonPath();
        return next.getList("reminders.findAll { it.practice == 'RITUAL_OF_OPENNESS' }");
    }

    @Test
    void aBerlinAndNewYorkPairSharesTheirNightsAcrossAllThreeServices() {
        Person berlin = stack.newPerson("Europe/Berlin", "org-ritual");
        Person newYork = stack.newPerson("America/New_York", "org-ritual");
        String berlinWords = "Berlin's gratitude only New York may read " + berlin.id();
        String newYorkWords = "New York's truth only Berlin may read " + newYork.id();
        String berlinSecond = "Berlin again " + berlin.id();
        String newYorkSecond = "New York again " + newYork.id();

        // Their ritual windows: Berlin's evening 21:00–23:30 meets New York's 15:00–18:00 (Berlin 21:00 = New York 15:00).
        ritualWindow(berlin, "21:00", "23:30");
        ritualWindow(newYork, "15:00", "18:00");

        String code = berlin.journal().body("{\"displayName\":\"Mira\"}").post("/api/v1/rituals/invitations")
                .then().statusCode(201).extract().path("code");
        newYork.journal().body("{\"displayName\":\"Sam\"}").post("/api/v1/rituals/invitations/" + code + "/accept")
                .then().statusCode(200).body("displayName", equalTo("Mira"));
        berlin.journal().get("/api/v1/rituals/partner").then().statusCode(200)
                .body("displayName", equalTo("Sam")).body(not(containsString(newYork.id())));

        // Two nights in the past (dates taken once, so the test passes on any date and across midnight): each writes
        // after their own midnight, which still belongs to the evening before (the ritual day starts at 04:00).
        LocalDate first = LocalDate.now(newYork.zone()).minusDays(3);
        LocalDate second = first.plusDays(1);
        berlin.record(ritual(berlin, LocalDateTime.of(first.plusDays(1), LocalTime.of(0, 30)), berlinWords), stack.journal);

        // Only Berlin has shared the first night: New York learns that, not what.
        newYork.journal().get("/api/v1/rituals/history").then().statusCode(200)
                .body("items.find { it.night == '" + first + "' }.partner.state", equalTo("WRITTEN"))
                .body(not(containsString(berlinWords)));

        newYork.record(ritual(newYork, LocalDateTime.of(first.plusDays(1), LocalTime.of(0, 15)), newYorkWords), stack.journal);
        // Both shared the first night: revealed to both, each in their own history.
        newYork.journal().get("/api/v1/rituals/history").then().statusCode(200)
                .body("items.find { it.night == '" + first + "' }.partner.state", equalTo("REVEALED"))
                .body("items.find { it.night == '" + first + "' }.partner.entries.text", contains(berlinWords));
        berlin.journal().get("/api/v1/rituals/history").then().statusCode(200)
                .body("items.find { it.night == '" + first + "' }.partner.entries.text", contains(newYorkWords));

        // The second night, in their evenings.
        berlin.record(ritual(berlin, LocalDateTime.of(second, LocalTime.of(21, 40)), berlinSecond), stack.journal);
        newYork.record(ritual(newYork, LocalDateTime.of(second, LocalTime.of(16, 5)), newYorkSecond), stack.journal);

        // reminder-service: one moment in both evenings, for both, and the reason says so.
        await("aligned ritual reminders").atMost(OpenlyStack.SETTLE).untilAsserted(() -> {
            List<Map<String, Object>> mine = ritualReminders(berlin);
            List<Map<String, Object>> theirs = ritualReminders(newYork);
            assertFalse(mine.isEmpty(), "Berlin has upcoming ritual reminders");
            Map<String, Object> aligned = mine.stream().filter(r -> String.valueOf(r.get("reason")).endsWith(ALIGNED)).findFirst()
                    .orElseThrow(() -> new AssertionError("no aligned reason in " + mine));
            assertTrue(theirs.stream().anyMatch(r -> aligned.get("at").equals(r.get("at")) && String.valueOf(r.get("reason")).endsWith(ALIGNED)),
                    "New York is reminded at the same moment, told why: " + theirs);
            LocalTime berlinTime = LocalTime.parse(String.valueOf(aligned.get("localTime")));
            assertFalse(berlinTime.isBefore(LocalTime.of(21, 0)) || berlinTime.isAfter(LocalTime.of(23, 30)), "inside Berlin's evening: " + berlinTime);
        });

        // insights-service: the shared streak of the two nights, for both, never more than what both shared.
        for (Person p : List.of(berlin, newYork)) {
            await("shared streak of " + p).atMost(OpenlyStack.SETTLE).untilAsserted(() -> p.insights().get("/api/v1/insights/streaks")
                    .then().statusCode(200).body("shared", notNullValue()).body("shared.longest", equalTo(2))
                    .body("shared.lastNight", equalTo(second.toString())));
        }

        // Nobody else reads anything: a third person, an org admin of their organization.
        Person third = stack.newPerson("Europe/Paris", "org-ritual");
        Person admin = stack.newPerson("Europe/Paris", "org-ritual", "org-admin");
        for (Person outsider : List.of(third, admin)) {
            outsider.journal().get("/api/v1/rituals/history").then().statusCode(404);
            outsider.journal().get("/api/v1/rituals/partner").then().statusCode(404);
            outsider.insights().get("/api/v1/insights/streaks").then().statusCode(200).body("shared", nullValue());
        }

        // Unpairing (either, alone) hides the partner's words from both at once; each keeps their own entries.
        newYork.journal().delete("/api/v1/rituals/partner").then().statusCode(204);
        for (Person former : List.of(berlin, newYork)) {
            former.journal().get("/api/v1/rituals/partner").then().statusCode(404);
            former.journal().get("/api/v1/rituals/history").then().statusCode(404);
        }
        berlin.journal().get("/api/v1/entries").then().statusCode(200)
                .body("items.findAll { it.practice == 'RITUAL_OF_OPENNESS' }.text", containsInAnyOrder(berlinWords, berlinSecond))
                .body(not(containsString(newYorkWords)));
        for (Person p : List.of(berlin, newYork)) {
            await("the shared streak ends with the pair for " + p).atMost(OpenlyStack.SETTLE).untilAsserted(() ->
                    p.insights().get("/api/v1/insights/streaks").then().statusCode(200).body("shared", nullValue()));
            await("own ritual times again for " + p).atMost(OpenlyStack.SETTLE).untilAsserted(() ->
                    assertTrue(ritualReminders(p).stream().noneMatch(r -> String.valueOf(r.get("reason")).endsWith(ALIGNED)),
                            "no aligned reason after unpairing"));
        }

        // No ritual word on any topic (read to the end), in any table in the clear, or in any service's log.
        List<String> words = List.of(berlinWords, newYorkWords, berlinSecond, newYorkSecond, "Mira", "Sam\"");
        for (String topic : Topics.ALL) {
            for (var record : TestKafka.readToEnd(topic)) {
                String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
                for (String w : words) {
                    assertFalse(value.contains(w), "'" + w + "' on " + topic);
                }
            }
        }
        for (Database db : stack.databases()) {
            for (String w : List.of(berlinWords, newYorkWords, berlinSecond, newYorkSecond)) {
                assertEquals(Map.of(), db.rowsMentioning(w), "ritual words in " + db);
            }
        }
        for (ServiceProcess s : List.of(stack.journal, stack.reminder, stack.insights)) {
            for (String w : List.of(berlinWords, newYorkWords, berlinSecond, newYorkSecond)) {
                assertFalse(s.logText().contains(w), "ritual words in the log of " + s.name());
            }
        }
        assertTrue(first.isBefore(LocalDate.now(berlin.zone())), "the nights lie in the past");
    }
}
