package app.openly.localstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A few weeks of gentle, realistic entries for eight people in one organization, posted through
 * journal-service's public API with each person's own token — exactly as the apps would. Five of them
 * opt in to their organization's anonymous view (one does not: opting in is each person's choice), and
 * demo-user chooses their reminder windows. The entries themselves are {@link DemoEntries}'; this class posts them.
 */
final class DemoData {

    static final String ORG = "demo-org";
    /**
     * Everyone but jonas shares with the organization: seven people, enough that the org view shows figures
     * and the themes several of them share, while smaller cells stay suppressed.
     */
    static final java.util.Set<String> SHARING = java.util.Set.of("demo-user", "amara", "mei", "leila", "tomas", "noor", "sven");

    static final String DEMO_USER_REMINDERS = """
            {"timeZone":"Europe/Berlin","followEntryTimeZone":true,
             "practices":{"BODY_ANCHOR":{"start":"07:30","end":"09:00"},"RITUAL_OF_OPENNESS":{"start":"21:00","end":"22:30"}},
             "days":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"],
             "quietHours":{"start":"22:45","end":"07:00"},"dailyCap":2}""";

    /** Answers are read with Jackson: no regex parsing of JSON. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoData() {
    }

    static void load(String journalUrl, RSAPrivateKey key, Clock clock) throws Exception {
        load(journalUrl, null, null, key, clock);
    }

    /** Entries through journal; with the other services' URLs also org opt-ins and demo-user's reminder windows. */
    static void load(String journalUrl, String reminderUrl, String insightsUrl, RSAPrivateKey key, Clock clock) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Instant started = clock.instant();
        int created = 0;
        int alreadyThere = 0;
        // Refusals counted per status and problem, so a contract mismatch shows once, with how often.
        Map<String, Integer> refused = new LinkedHashMap<>();
        for (DemoEntries.Person person : DemoEntries.PEOPLE) {
            String token = JwtSigner.sign(key, person.id(), ORG, null, clock);
            for (DemoEntries.DemoEntry entry : DemoEntries.entriesFor(person, clock)) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(journalUrl + "/api/v1/entries"))
                        .timeout(Duration.ofSeconds(15))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", entry.idempotencyKey())
                        .POST(HttpRequest.BodyPublishers.ofString(entry.body())).build();
                HttpResponse<String> response = send(http, request, journalUrl);
                for (int attempt = 0; response.statusCode() == 429 && attempt < 5; attempt++) {
                    // The journal limits writes per person; a real client waits as Retry-After says.
                    long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
                    Thread.sleep(Math.min(10, Math.max(1, seconds)) * 1000);
                    response = send(http, request, journalUrl);
                }
                if (response.statusCode() == 201) {
                    // A replayed Idempotency-Key answers 201 with the entry recorded by an earlier run.
                    if (createdBefore(response.body(), started)) {
                        alreadyThere++;
                    } else {
                        created++;
                    }
                } else {
                    refused.merge(person.id() + ": " + response.statusCode() + " " + summarize(response.body()), 1, Integer::sum);
                }
            }
        }
        System.out.println("demo: " + created + " new entries for " + DemoEntries.PEOPLE.size() + " people in " + ORG
                + (alreadyThere > 0 ? " (" + alreadyThere + " were already there from an earlier --demo)" : ""));
        refused.forEach((what, count) -> System.out.println("demo: refused " + count + "x, " + what));
        if (created + alreadyThere == 0) {
            throw new LocalStackException("journal-service accepted none of the demo entries");
        }
        if (insightsUrl != null) {
            for (String id : SHARING) {
                put(http, insightsUrl + "/api/v1/insights/sharing", JwtSigner.sign(key, id, ORG, null, clock), "{\"shareWithOrganization\":true}");
            }
            System.out.println("demo: " + SHARING.size() + " of " + DemoEntries.PEOPLE.size() + " people share with " + ORG
                    + "'s anonymous view: ./openly token --user lead --org " + ORG + " --role org-admin, then GET "
                    + insightsUrl + "/api/v1/orgs/" + ORG + "/insights/weekly?week=" + lastWeek(clock));
        }
        if (reminderUrl != null) {
            put(http, reminderUrl + "/api/v1/reminders/preferences", JwtSigner.sign(key, "demo-user", ORG, null, clock), DEMO_USER_REMINDERS);
            System.out.println("demo: demo-user is reminded of the body anchor and the ritual: GET " + reminderUrl + "/api/v1/reminders/next");
        }
    }

    /** Last week, complete for everyone: the org view of the current week fills up as the week goes on. */
    static String lastWeek(Clock clock) {
        java.time.LocalDate d = java.time.LocalDate.now(clock).minusWeeks(1);
        return String.format("%d-W%02d", d.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR), d.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static void put(HttpClient http, String url, String token, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = send(http, request, url);
        if (response.statusCode() != 200) {
            throw new LocalStackException("demo: PUT " + url + " answered " + response.statusCode() + " " + summarize(response.body()));
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request, String journalUrl)
            throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new LocalStackException("cannot reach " + request.uri().getScheme() + "://" + request.uri().getAuthority() + " (is it up? ./openly status)");
        }
    }

    /** Same machine, same clock: an entry created before this run started was created by an earlier run. */
    private static boolean createdBefore(String entryJson, Instant instant) {
        try {
            JsonNode createdAt = JSON.readTree(entryJson).path("createdAt");
            return createdAt.isTextual() && Instant.parse(createdAt.asText()).isBefore(instant);
        } catch (JsonProcessingException | java.time.DateTimeException e) {
            return false;
        }
    }

    /** A refusal's problem title and the fields it names only: demo bodies hold (demo) text, never echo it. */
    static String summarize(String problemJson) {
        try {
            JsonNode problem = JSON.readTree(problemJson);
            String title = problem.path("title").asText("");
            JsonNode errors = problem.path("errors");
            String detail = errors.isMissingNode() ? "" : "\"errors\":" + DemoEntries.json(errors);
            return (title.length() < 200 ? title : "") + " " + (detail.length() > 160 ? detail.substring(0, 160) : detail);
        } catch (JsonProcessingException e) {
            return "(not a problem document)";
        }
    }
}
