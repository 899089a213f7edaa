package app.openly.localstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A few weeks of gentle, realistic entries for eight people in one organization, posted through
 * journal-service's public API with each person's own token — exactly as the apps would. Five of them
 * opt in to their organization's anonymous view (one does not: opting in is each person's choice), and
 * demo-user chooses their reminder windows.
 */
final class DemoData {

    static final String ORG = "demo-org";
    static final int DAYS = 21;

    record Person(String id, String zone, double diligence) {
    }

    static final List<Person> PEOPLE = List.of(
            new Person("demo-user", "Europe/Berlin", 0.8),
            new Person("amara", "America/New_York", 0.65),
            new Person("mei", "Asia/Kathmandu", 0.5),
            new Person("jonas", "Australia/Sydney", 0.35),
            new Person("leila", "Europe/Lisbon", 0.6),
            new Person("tomas", "America/Mexico_City", 0.45),
            new Person("noor", "Africa/Cairo", 0.7),
            new Person("sven", "Europe/Stockholm", 0.55));

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

    private static final String[] SENTENCES = {
            "I told my sister I've been lonely since the move.",
            "I said to my partner that I felt hurt when plans changed without me.",
            "I admitted to a friend that I'm scared of failing at the new job.",
            "I told my dad I miss the way we used to talk.",
            "I let my colleague know I need more time, instead of pretending it's fine."};
    private static final String[] SHARED_WITH = {"my sister", "my partner", "a close friend", "my dad", "a colleague"};
    private static final String[] HEARD = {
            "She is tired of carrying everything alone.",
            "He wanted to be heard, not fixed.",
            "My friend is grieving and just needed me to stay."};
    private static final String[] GRATITUDE = {
            "Thank you for making tea when I came home late.",
            "I'm grateful you listened without rushing me tonight.",
            "Thank you for laughing with me today."};
    private static final String[] UNSAID = {
            "Sometimes I feel I'm not enough for you, and I hide it.",
            "I was jealous today and I didn't say it.",
            "I'm afraid that if I show you how anxious I am, you'll pull away."};
    private static final String[] WHISPERS = {
            "Everyone will see I'm a fraud.", "You always ruin it.", "Nobody wants to hear about your feelings."};
    private static final String[] REFRAMES = {
            "It's safe to be real.", "I'm learning, and learning is allowed to be messy.", "My feelings are welcome here."};
    private static final String[] FEELINGS = {"CALM", "HOPEFUL", "GRATEFUL", "CONNECTED", "TENDER", "NERVOUS", "AFRAID", "RELIEVED"};

    /** Bodies are built and answers read with Jackson: no hand-written escaping or regex parsing of JSON. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoData() {
    }

    /** One demo request: the body, and the Idempotency-Key that makes posting it again harmless. */
    record DemoEntry(String idempotencyKey, String body) {
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
        for (Person person : PEOPLE) {
            String token = JwtSigner.sign(key, person.id(), ORG, null, clock);
            for (DemoEntry entry : entriesFor(person, clock)) {
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
        System.out.println("demo: " + created + " new entries for " + PEOPLE.size() + " people in " + ORG
                + (alreadyThere > 0 ? " (" + alreadyThere + " were already there from an earlier --demo)" : ""));
        refused.forEach((what, count) -> System.out.println("demo: refused " + count + "x, " + what));
        if (created + alreadyThere == 0) {
            throw new LocalStackException("journal-service accepted none of the demo entries");
        }
        if (insightsUrl != null) {
            for (String id : SHARING) {
                put(http, insightsUrl + "/api/v1/insights/sharing", JwtSigner.sign(key, id, ORG, null, clock), "{\"shareWithOrganization\":true}");
            }
            System.out.println("demo: " + SHARING.size() + " of " + PEOPLE.size() + " people share with " + ORG
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

    /**
     * One person's entries over the last {@link #DAYS} days, oldest first. Each day is drawn from its own
     * seed (person and date), so running --demo again tomorrow re-creates the same entries for the days
     * both runs cover, and their Idempotency-Keys make journal-service answer with what it already has.
     */
    static List<DemoEntry> entriesFor(Person person, Clock clock) {
        ZoneId zone = ZoneId.of(person.zone());
        ZonedDateTime now = clock.instant().atZone(zone);
        List<DemoEntry> entries = new ArrayList<>();
        for (int back = DAYS; back >= 0; back--) {
            LocalDate day = now.toLocalDate().minusDays(back);
            // SplittableRandom mixes its seed: neighbouring days must not draw near-identical first numbers (java.util.Random does).
            SplittableRandom random = new SplittableRandom((person.id() + "/" + day).hashCode());
            if (random.nextDouble() > person.diligence() + 0.15) {
                continue; // a quiet day is fine
            }
            if (random.nextDouble() < person.diligence()) {
                add(entries, now, at(day, 7, 30, random, zone), person, "BODY_ANCHOR", bodyAnchor(random));
            }
            if (random.nextDouble() < person.diligence()) {
                add(entries, now, at(day, 13, 0, random, zone), person, "HONEST_SENTENCE", honestSentence(random));
            }
            if (random.nextDouble() < person.diligence() * 0.6) {
                add(entries, now, at(day, 18, 30, random, zone), person, "PRESENT_LISTENING", listening(random));
            }
            if (random.nextDouble() < person.diligence() * 0.5) {
                add(entries, now, at(day, 16, 0, random, zone), person, "INNER_CRITIC_REFRAME", innerCritic(random));
            }
            if (random.nextDouble() < person.diligence()) {
                add(entries, now, at(day, 21, 40, random, zone), person, "RITUAL_OF_OPENNESS", ritual(random));
            }
        }
        return entries;
    }

    private static ZonedDateTime at(LocalDate day, int hour, int minute, SplittableRandom random, ZoneId zone) {
        return ZonedDateTime.of(day, LocalTime.of(hour, minute).plusMinutes(random.nextInt(50) - 25), zone);
    }

    private static void add(List<DemoEntry> entries, ZonedDateTime now, ZonedDateTime at, Person person,
                            String practice, ObjectNode fields) {
        if (at.isAfter(now)) {
            return;
        }
        ObjectNode body = JSON.createObjectNode().put("practice", practice);
        body.setAll(fields);
        body.put("occurredAt", at.toOffsetDateTime().toString()).put("timeZone", person.zone());
        entries.add(new DemoEntry("demo-" + person.id() + "-" + at.toLocalDate() + "-" + practice, json(body)));
    }

    private static ObjectNode bodyAnchor(SplittableRandom r) {
        int before = 2 + r.nextInt(4);
        return JSON.createObjectNode().put("breaths", 6 + r.nextInt(10)).put("handOnHeart", r.nextBoolean())
                .put("calmBefore", before).put("calmAfter", Math.min(10, before + 1 + r.nextInt(4)));
    }

    private static ObjectNode honestSentence(SplittableRandom r) {
        int i = r.nextInt(SENTENCES.length);
        return JSON.createObjectNode().put("sentence", SENTENCES[i]).put("sharedWith", SHARED_WITH[i])
                .put("shared", r.nextDouble() < 0.8).put("courage", 1 + r.nextInt(5))
                .put("feeling", FEELINGS[r.nextInt(FEELINGS.length)]);
    }

    private static ObjectNode listening(SplittableRandom r) {
        return JSON.createObjectNode().put("listenedTo", SHARED_WITH[r.nextInt(SHARED_WITH.length)])
                .put("minutes", 5 + r.nextInt(40)).put("urgeToFix", r.nextInt(11))
                .put("heard", HEARD[r.nextInt(HEARD.length)]);
    }

    private static ObjectNode innerCritic(SplittableRandom r) {
        int before = 5 + r.nextInt(5);
        return JSON.createObjectNode().put("whisper", WHISPERS[r.nextInt(WHISPERS.length)])
                .put("reframe", REFRAMES[r.nextInt(REFRAMES.length)])
                .put("intensityBefore", before).put("intensityAfter", Math.max(0, before - 1 - r.nextInt(4)));
    }

    private static ObjectNode ritual(SplittableRandom r) {
        boolean gratitude = r.nextDouble() < 0.6;
        String text = gratitude ? GRATITUDE[r.nextInt(GRATITUDE.length)] : UNSAID[r.nextInt(UNSAID.length)];
        return JSON.createObjectNode().put("kind", gratitude ? "GRATITUDE" : "UNSAID_TRUTH").put("text", text);
    }

    static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A refusal's problem title and the fields it names only: demo bodies hold (demo) text, never echo it. */
    static String summarize(String problemJson) {
        try {
            JsonNode problem = JSON.readTree(problemJson);
            String title = problem.path("title").asText("");
            JsonNode errors = problem.path("errors");
            String detail = errors.isMissingNode() ? "" : "\"errors\":" + json(errors);
            return (title.length() < 200 ? title : "") + " " + (detail.length() > 160 ? detail.substring(0, 160) : detail);
        } catch (JsonProcessingException e) {
            return "(not a problem document)";
        }
    }
}
