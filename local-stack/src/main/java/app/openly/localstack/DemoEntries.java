package app.openly.localstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's people and their entries: a few weeks of gentle, realistic entries for each, drawn reproducibly (the
 * same day gives the same entries and Idempotency-Keys in every run). Pure: {@link DemoData} posts them.
 */
final class DemoEntries {

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

    /** Bodies are built with Jackson: no hand-written escaping. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoEntries() {
    }

    /** One demo request: the body, and the Idempotency-Key that makes posting it again harmless. */
    record DemoEntry(String idempotencyKey, String body) {
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
}
