package app.openly.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The golden samples under {@code src/test/resources/golden} are the contract. Both directions are
 * checked: what we write equals the sample, and the sample reads back into the same record. Changing
 * a record without changing its sample (and thinking about consumers) breaks this test.
 */
class GoldenSamplesTest {

    private static final ObjectMapper MAPPER = EventJson.mapper();
    static final UUID EVENT_ID = UUID.fromString("0b6f8f0e-6a55-4c61-9d4f-2d1f3f7d9a10");
    static final UUID ENTRY_ID = UUID.fromString("5f0c2b8e-1f3c-4d7e-8a9b-0c1d2e3f4a5b");
    static final Instant AT = Instant.parse("2026-11-24T20:41:07Z");
    static final UUID PAIR_ID = UUID.fromString("9a3e7c21-4d5b-4f60-8e1a-2b3c4d5e6f70");
    static final java.util.Set<EventType> RITUAL_TYPES = java.util.EnumSet.of(EventType.PARTNERSHIP_FORMED,
            EventType.PARTNERSHIP_ENDED, EventType.PARTNER_SHARED_RITUAL, EventType.RITUAL_REVEALED);

    static EventEnvelope expected(EventType type) {
        EntryFacts facts = new EntryFacts(ENTRY_ID, 1, Practice.HONEST_SENTENCE, Instant.parse("2026-11-24T20:40:00Z"),
                "Europe/Berlin", LocalDate.parse("2026-11-24"), LocalTime.parse("21:40"), Feeling.NERVOUS,
                new PracticeMetrics(4, true, null, null, null, null, null, null, null, null, null, null),
                List.of("fear-of-rejection", "family"), Map.of("sentence", 62));
        EventPayload payload = switch (type) {
            case ENTRY_RECORDED -> new EntryRecorded(facts);
            case ENTRY_REVISED -> new EntryRevised(new EntryFacts(ENTRY_ID, 2, Practice.BODY_ANCHOR,
                    Instant.parse("2026-11-23T07:15:00Z"), "Europe/Berlin", LocalDate.parse("2026-11-23"),
                    LocalTime.parse("08:15"), null,
                    new PracticeMetrics(null, null, 5, null, null, null, null, null, 12, true, 3, 7),
                    List.of("body"), Map.of("note", 18)), LocalDate.parse("2026-11-24"));
            case ENTRY_DELETED -> new EntryDeleted(ENTRY_ID, 3, Practice.HONEST_SENTENCE, LocalDate.parse("2026-11-24"), "Europe/Berlin");
            case USER_ERASED -> new UserErased();
            case REMINDER_DUE -> new ReminderDue(UUID.fromString("c2d6e2a1-3b4c-4d5e-9f60-718293a4b5c6"),
                    Practice.RITUAL_OF_OPENNESS, Instant.parse("2026-11-24T20:40:00Z"), LocalTime.parse("21:40"),
                    "Europe/Berlin", "A quiet moment for your ritual of openness, whenever it feels right.",
                    "You usually reflect around 21:40, so we moved this from 21:00.");
            case WEEKLY_SUMMARY_READY -> {
                Map<Practice, Integer> counts = new EnumMap<>(Practice.class);
                counts.put(Practice.HONEST_SENTENCE, 4);
                counts.put(Practice.BODY_ANCHOR, 2);
                yield new WeeklySummaryReady("2026-W48", "Europe/Berlin", 5, counts,
                        List.of(new WeeklySummaryReady.PracticeStreak(Practice.HONEST_SENTENCE, 6, 9)), 1);
            }
            case PARTNERSHIP_FORMED -> new PartnershipFormed(PAIR_ID, "user-2b9c");
            case PARTNERSHIP_ENDED -> new PartnershipEnded(PAIR_ID);
            case PARTNER_SHARED_RITUAL -> new PartnerSharedRitual(PAIR_ID, LocalDate.parse("2026-11-24"));
            case RITUAL_REVEALED -> new RitualRevealed(PAIR_ID, LocalDate.parse("2026-11-24"));
            case LANGUAGE_CHOSEN -> new LanguageChosen("de");
        };
        // Ritual events carry no organization: a partnership is never part of an organization's view.
        boolean withoutOrg = type == EventType.USER_ERASED || type == EventType.LANGUAGE_CHOSEN || RITUAL_TYPES.contains(type);
        return EventEnvelope.of(EVENT_ID, AT, "user-7f3a", withoutOrg ? null : "org-acme", payload);
    }

    private static JsonNode golden(EventType type) throws IOException {
        try (InputStream in = GoldenSamplesTest.class.getResourceAsStream("/golden/" + type.wireName() + ".json")) {
            if (in == null) {
                throw new AssertionError("missing golden sample for " + type.wireName());
            }
            return MAPPER.readTree(in);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void writtenJsonEqualsGoldenSample(EventType type) throws IOException {
        JsonNode written = MAPPER.readTree(EventJson.encode(expected(type)));
        assertEquals(golden(type), written);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenSampleReadsBackIntoTheSameRecord(EventType type) throws IOException {
        EventEnvelope read = EventJson.decode(MAPPER.writeValueAsBytes(golden(type)));
        assertEquals(expected(type), read);
        assertEquals(type, read.eventType());
    }

    @Test
    void readersTolerateFieldsAddedByANewerProducer() throws IOException {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) golden(EventType.ENTRY_RECORDED);
        node.put("traceparent", "00-abc");
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("payload").get("entry")).put("newField", 1);
        assertEquals(expected(EventType.ENTRY_RECORDED), EventJson.decode(MAPPER.writeValueAsBytes(node)));
    }

    @Test
    void unknownTypesAndGarbageAreInvalidEventsNotCrashes() {
        assertThrows(InvalidEventException.class, () -> EventJson.decode("{\"type\":\"Nope\",\"payload\":{}}"));
        assertThrows(InvalidEventException.class, () -> EventJson.decode("not json"));
        assertThrows(InvalidEventException.class, () -> EventJson.decode("[1,2]"));
        assertThrows(InvalidEventException.class, () -> EventJson.decode(
                "{\"eventId\":\"x\",\"type\":\"UserErased\",\"payload\":{}}"));
    }

    @Test
    void anInvalidEventNeverCarriesTheRecordsBytesIntoMessagesOrCauses() {
        for (String record : List.of("secret-words here", "{\"type\":\"secret words\",\"payload\":{}}",
                "{\"eventId\":\"secret-words\",\"type\":\"UserErased\",\"payload\":{}}",
                "{\"type\":\"EntryDeleted\",\"payload\":{\"entryId\":\"secret-words\"}}")) {
            var e = assertThrows(InvalidEventException.class, () -> EventJson.decode(record));
            var printed = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(printed)); // what a consumer's log shows, causes included
            assertFalse(printed.toString().contains("secret"), printed.toString());
        }
    }

    @Test
    void envelopeRefusesATypeThatDoesNotMatchItsPayload() {
        assertThrows(IllegalArgumentException.class, () -> new EventEnvelope(EVENT_ID, "EntryDeleted", 1, AT, "u", null, new UserErased()));
    }

    @Test
    void entryEventsNeverCarryFreeTextFields() {
        // The facts record is the whole of what other services learn about an entry; none of its
        // components may be a free-text field of the brief.
        List<String> textFields = List.of("sentence", "heard", "text", "whisper", "reframe", "note", "sharedWith", "listenedTo", "tags");
        for (var component : EntryFacts.class.getRecordComponents()) {
            assertFalse(textFields.contains(component.getName()), component.getName());
        }
        for (var component : PracticeMetrics.class.getRecordComponents()) {
            assertTrue(component.getType() != String.class, component.getName() + " must not be a string");
        }
    }

    @Test
    void ritualEventsCarryIdsAndDatesOnlyNeverTextOrNames() {
        // A partner's display name and the ritual's text stay in journal-service: no ritual event has a
        // free-text component (the only string is the partner's id, which consumers key state by).
        for (EventType type : RITUAL_TYPES) {
            for (var component : type.payloadClass().getRecordComponents()) {
                assertTrue(component.getType() != String.class || component.getName().equals("partnerUserId"),
                        type + "." + component.getName());
            }
        }
    }

    @Test
    void topicsIncludeADeadLetterTopicForEachMainTopic() {
        for (String topic : Topics.MAIN) {
            assertTrue(Topics.ALL.contains(topic + ".dlq"), topic);
        }
    }
}
