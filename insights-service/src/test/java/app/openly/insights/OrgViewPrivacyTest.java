package app.openly.insights;

import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.events.Topics;
import app.openly.insights.domain.OrgView;
import app.openly.insights.domain.PersonalInsights;
import app.openly.insights.domain.logic.IsoWeeks;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16.1 replayed against the real service: an organization's week is published once, when it has
 * closed everywhere, and nothing anyone does afterwards moves it (the admin's two views are identical).
 * The noise's own bounds for the documented ε are in OrgWeekReleaseTest.
 */
@QuarkusTest
@WithTestResource(InsightsTestInfrastructure.class)
class OrgViewPrivacyTest {

    static final String ZONE = "Europe/Berlin";
    /** Saturday of 2026-W45 (Sunday already in UTC+14, the week under way everywhere): counted from 2026-W46. */
    static final Instant OPTED_IN = Instant.parse("2026-11-07T12:00:00Z");
    /** 2026-W48 has closed everywhere (Monday 30 Nov, 12:00 UTC = midnight in UTC−12). */
    static final Instant W48_CLOSED_EVERYWHERE = Instant.parse("2026-11-30T12:00:00Z");
    static final List<String> WEEKS = List.of("2026-W46", "2026-W47", "2026-W48");

    @Inject
    PersonalInsights insights;
    @Inject
    OrgView orgView;

    static PracticeMetrics calm(int before, int after) {
        return new PracticeMetrics(null, null, 3, null, null, null, null, null, 8, true, before, after);
    }

    static UUID record(String user, String org, String at, PracticeMetrics metrics, String theme) {
        var facts = TestEvents.facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, LocalDateTime.parse(at), ZONE, metrics, List.of(theme));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.recorded(user, org, facts));
        return facts.entryId();
    }

    private static String view(String admin, String org, String week) {
        return given().auth().oauth2(admin).get("/api/v1/orgs/" + org + "/insights/weekly?week=" + week).then().statusCode(200)
                .extract().asString();
    }

    private static Map<String, String> views(String admin, String org) {
        Map<String, String> all = new java.util.TreeMap<>();
        WEEKS.forEach(w -> all.put(w, view(admin, org, w)));
        return all;
    }

    private static void awaitDays(String user, String week, int days) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().auth().oauth2(TestTokens.forUser(user))
                .get("/api/v1/insights/weekly?week=" + week).then().statusCode(200).body("summary.daysPracticed", equalTo(days)));
    }

    @Test
    void aPublishedWeekNeverMovesWhateverMembersDoAfterwards() {
        String org = "org-" + UUID.randomUUID();
        String admin = TestTokens.forUser("admin-" + UUID.randomUUID(), org, "org-admin");
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            members.add("m" + i + "-" + UUID.randomUUID());
        }
        String victim = "v-" + UUID.randomUUID();
        List<UUID> w48Entries = new ArrayList<>();
        for (String m : members) {
            record(m, org, "2026-11-10T07:00:00", calm(3, 6), "work");
            record(m, org, "2026-11-17T07:00:00", calm(3, 5), "work");
            w48Entries.add(record(m, org, "2026-11-24T07:00:00", calm(4, 6), "family"));
            insights.setSharing(m, Optional.of(org), true, OPTED_IN);
        }
        record(victim, org, "2026-11-24T07:00:00", calm(2, 9), "grief");
        record(victim, org, "2026-11-25T07:00:00", calm(2, 9), "grief");
        members.forEach(m -> awaitDays(m, "2026-W48", 1));
        awaitDays(victim, "2026-W48", 2);

        // Before the weeks have closed everywhere there is nothing to see.
        given().auth().oauth2(admin).get("/api/v1/orgs/" + org + "/insights/weekly?week=2026-W48").then().statusCode(200)
                .body("published", equalTo(false)).body("participants", nullValue()).body("note", containsString("ended everywhere"));
        assertEquals(3, orgView.publishClosedWeeks(org, W48_CLOSED_EVERYWHERE), "W46, W47 and W48, each once");
        Map<String, String> before = views(admin, org);
        before.values().forEach(v -> assertTrue(v.contains("\"published\":true"), v));
        assertEquals(0, orgView.publishClosedWeeks(org, W48_CLOSED_EVERYWHERE.plusSeconds(3600)), "a published week is not published again");

        // Attack 1: the victim opts in (and out again); a member opts out.
        String victimToken = TestTokens.forUser(victim, org);
        given().auth().oauth2(victimToken).contentType("application/json").body("{\"shareWithOrganization\":true}")
                .put("/api/v1/insights/sharing").then().statusCode(200);
        // Counted from the first week that has not started anywhere, never from a week already under way.
        given().auth().oauth2(victimToken).get("/api/v1/insights/export").then().statusCode(200)
                .body("tables.org_sharing_period[0].counted_from", equalTo(IsoWeeks.firstWeekNotStartedAnywhere(Instant.now()).toString()));
        orgView.publishClosedWeeks(org, W48_CLOSED_EVERYWHERE.plusSeconds(7200));
        assertEquals(before, views(admin, org), "an opt-in after publication moves nothing");
        given().auth().oauth2(TestTokens.forUser(members.get(0), org)).contentType("application/json")
                .body("{\"shareWithOrganization\":false}").put("/api/v1/insights/sharing").then().statusCode(200);
        // Counted in every published week, not from the first one not published (2026-W49).
        given().auth().oauth2(TestTokens.forUser(members.get(0), org)).get("/api/v1/insights/export").then().statusCode(200)
                .body("tables.org_sharing_period[0].counted_until", equalTo("2026-11-30"));
        assertEquals(before, views(admin, org), "an opt-out after publication moves nothing");

        // Attack 2: a backdated entry into a closed week, a revision and an erasure.
        record(members.get(1), org, "2026-11-18T07:00:00", calm(1, 10), "grief");
        awaitDays(members.get(1), "2026-W47", 2);
        var moved = TestEvents.facts(w48Entries.get(2), 2, Practice.BODY_ANCHOR, LocalDateTime.parse("2026-11-26T07:00:00"), ZONE,
                calm(0, 10), List.of("shame"));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.revised(members.get(2), org, moved, java.time.LocalDate.parse("2026-11-24")));
        TestKafka.publish(Topics.JOURNAL_ENTRY_EVENTS, TestEvents.erased(members.get(3)));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            given().auth().oauth2(TestTokens.forUser(members.get(2))).get("/api/v1/insights/weekly?week=2026-W48").then()
                    .body("summary.bodyAnchorCalm.after", equalTo(10.0f));
            given().auth().oauth2(TestTokens.forUser(members.get(3))).get("/api/v1/insights/weekly?week=2026-W48").then()
                    .body("summary.daysPracticed", equalTo(0));
        });
        orgView.publishClosedWeeks(org, W48_CLOSED_EVERYWHERE.plusSeconds(3 * 3600));
        assertEquals(before, views(admin, org), "backdated entries, revisions and erasures move nothing published");
    }

    @Test
    void theViewSaysItIsApproximateListsThemesWithoutCountsAndNamesNobody() {
        String org = "org-" + UUID.randomUUID();
        String admin = TestTokens.forUser("admin-" + UUID.randomUUID(), org, "org-admin");
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String m = "h" + i + "-" + UUID.randomUUID();
            members.add(m);
            record(m, org, "2026-11-24T07:00:00", calm(3, 6), "family"); // homogeneity: every member wrote about family
            insights.setSharing(m, Optional.of(org), true, OPTED_IN);
        }
        members.forEach(m -> awaitDays(m, "2026-W48", 1));
        orgView.publishClosedWeeks(org, W48_CLOSED_EVERYWHERE);
        String first = view(admin, org, "2026-W48");
        given().auth().oauth2(admin).get("/api/v1/orgs/" + org + "/insights/weekly?week=2026-W48").then().statusCode(200)
                .body("published", equalTo(true))
                .body("approximate", equalTo(true))
                .body("epsilon", equalTo(2))
                .body("minimumGroupSize", equalTo(5))
                .body("note", containsString("approximate on purpose"))
                .body("themes", instanceOf(List.class))
                .body("themes", everyItem(instanceOf(String.class)))
                .body("$", not(hasKey("themeDistribution")));
        // Reloading shows the same figures: the noise was drawn once and stored.
        assertEquals(first, view(admin, org, "2026-W48"));
        // Without ?week= the latest published week is shown.
        assertEquals(first, given().auth().oauth2(admin).get("/api/v1/orgs/" + org + "/insights/weekly").then().statusCode(200)
                .extract().asString());
        for (String m : members) {
            assertFalse(first.contains(m), "never a person");
        }
        assertFalse(first.toLowerCase().contains("everyone"), "never 'everyone'");
        assertFalse(first.contains("2026-11-24"), "never activity dates");
        // A person's own view never carries the organization's figures.
        String own = given().auth().oauth2(TestTokens.forUser(members.get(0), org)).get("/api/v1/insights/weekly?week=2026-W48")
                .then().statusCode(200).extract().asString();
        assertFalse(own.contains("participants") || own.contains("approximate"), own);

        given().auth().oauth2(admin).get("/api/v1/orgs/" + org + "/insights/weekly?week=2026-48").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("week"));
        given().auth().oauth2(TestTokens.forUser("admin2", "other-org", "org-admin"))
                .get("/api/v1/orgs/" + org + "/insights/weekly").then().statusCode(404);
        given().auth().oauth2(TestTokens.forUser(members.get(1), org))
                .get("/api/v1/orgs/" + org + "/insights/weekly").then().statusCode(403).contentType("application/problem+json");
        given().get("/api/v1/orgs/" + org + "/insights/weekly").then().statusCode(401);
    }
}
