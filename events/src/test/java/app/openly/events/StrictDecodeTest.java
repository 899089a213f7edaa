package app.openly.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event decoder is strict JSON except for unknown fields (see {@link EventJson}): every refused form, at the
 * head and in the payload, is an {@link InvalidEventException} naming the kind and field path (and line/column where
 * the bytes were being read), never anything of the record; what {@link EventJson#encode} writes, the golden samples,
 * absent fields, explicit nulls of optional fields and unknown fields still decode as before.
 * <p>
 * Over 200 lines on purpose: the table of refused forms is the specification of the strict contract, one row each,
 * and reads best in one place.
 */
class StrictDecodeTest {

    /** Put into every refused record (an unknown field, and the refused value where it is text): never in a message. */
    static final String MARKER = "Marker7Private";

    static String compact(EventType type) {
        return EventJson.encodeToString(GoldenSamplesTest.expected(type));
    }

    /** {@code type}'s golden event with {@code from} replaced by {@code to} (which must be there once). */
    static String edit(EventType type, String from, String to) {
        String json = compact(type);
        int at = json.indexOf(from);
        if (at < 0 || json.indexOf(from, at + 1) >= 0) {
            throw new AssertionError(from + " is not exactly once in " + json);
        }
        // the marker also travels in an unknown head field, as text a record might carry
        return "{\"note\":\"" + MARKER + "\"," + (json.substring(1, at) + to + json.substring(at + from.length()));
    }

    /** Labels ending "(refused before too)": the tolerant decoder refused them as well; pinned, not new. */
    record Refused(String label, String json, String kind, String path, boolean lineAndColumn) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static final String REPEATED = "repeated key";
    private static final String WRONG = "wrong type or form";
    private static final String AFTER = "content after the event";

    static Stream<Refused> refused() {
        EventType er = EventType.ENTRY_RECORDED;
        List<Refused> r = new ArrayList<>();
        // --- a repeated key, head and payload, nested, inside unknown fields too: line and column known
        r.add(new Refused("head: type twice (same value)", edit(er, "\"type\":\"EntryRecorded\"",
                "\"type\":\"EntryRecorded\",\"type\":\"EntryRecorded\""), REPEATED, "type", true));
        r.add(new Refused("head: userId twice", edit(er, "\"userId\":\"user-7f3a\"",
                "\"userId\":\"" + MARKER + "\",\"userId\":\"user-7f3a\""), REPEATED, "userId", true));
        r.add(new Refused("head: eventId twice", edit(er, "\"eventId\":", "\"eventId\":\"" + MARKER + "\",\"eventId\":"),
                REPEATED, "eventId", true));
        r.add(new Refused("head: payload twice", edit(er, "\"payload\":{", "\"payload\":{},\"payload\":{"),
                REPEATED, "payload", true));
        r.add(new Refused("head: unknown key twice", edit(er, "\"userId\"", "\"trace\":1,\"trace\":\"" + MARKER + "\",\"userId\""),
                REPEATED, "?", true));
        r.add(new Refused("head: repeat inside an unknown object, key named like the marker",
                edit(er, "\"userId\"", "\"x\":[{\"" + MARKER + "\":1,\"" + MARKER + "\":2}],\"userId\""), REPEATED, "?.[0].?", true));
        r.add(new Refused("payload: entry twice", edit(er, "\"payload\":{", "\"payload\":{\"entry\":{},"),
                REPEATED, "payload.entry", true));
        r.add(new Refused("payload: entry.version twice", edit(er, "\"version\":1", "\"version\":1,\"version\":2"),
                REPEATED, "payload.entry.version", true));
        r.add(new Refused("payload: metrics.courage twice", edit(er, "\"courage\":4", "\"courage\":4,\"courage\":4"),
                REPEATED, "payload.entry.metrics.courage", true));
        r.add(new Refused("payload: textLengths key twice", edit(er, "\"sentence\":62", "\"sentence\":62,\"sentence\":1"),
                REPEATED, "payload.entry.textLengths.?", true));
        r.add(new Refused("payload: repeat deep inside an unknown field", edit(er, "\"courage\":4",
                "\"later\":[[{\"q\":{\"w\":\"" + MARKER + "\",\"w\":1}}]],\"courage\":4"), REPEATED, "payload.entry.metrics.?.[0].[0].?.?", true));
        r.add(new Refused("payload: WeeklySummaryReady map key twice", edit(EventType.WEEKLY_SUMMARY_READY,
                "\"HONEST_SENTENCE\":4", "\"HONEST_SENTENCE\":4,\"HONEST_SENTENCE\":5"), REPEATED,
                "payload.entriesByPractice.HONEST_SENTENCE", true));
        r.add(new Refused("payload: streak field twice", edit(EventType.WEEKLY_SUMMARY_READY,
                "\"currentDays\":6", "\"currentDays\":6,\"currentDays\":7"), REPEATED, "payload.streaks.[0].currentDays", true));
        r.add(new Refused("payload: UserErased unknown key twice", edit(EventType.USER_ERASED, "\"payload\":{}",
                "\"payload\":{\"a\":\"" + MARKER + "\",\"a\":\"" + MARKER + "\"}"), REPEATED, "payload.?", true));
        // --- scalar coercion at the head
        String version = "\"schemaVersion\":1";
        r.add(new Refused("head: schemaVersion \"1\"", edit(er, version, "\"schemaVersion\":\"1\""), WRONG, "schemaVersion", false));
        r.add(new Refused("head: schemaVersion 1.0", edit(er, version, "\"schemaVersion\":1.0"), WRONG, "schemaVersion", false));
        r.add(new Refused("head: schemaVersion 1e0", edit(er, version, "\"schemaVersion\":1e0"), WRONG, "schemaVersion", false));
        r.add(new Refused("head: schemaVersion true (refused before too)", edit(er, version, "\"schemaVersion\":true"), WRONG, "schemaVersion", false));
        r.add(new Refused("head: schemaVersion null", edit(er, version, "\"schemaVersion\":null"), WRONG, "schemaVersion", false));
        String user = "\"userId\":\"user-7f3a\"";
        r.add(new Refused("head: userId a number", edit(er, user, "\"userId\":7"), WRONG, "userId", false));
        r.add(new Refused("head: userId a float", edit(er, user, "\"userId\":7.5"), WRONG, "userId", false));
        r.add(new Refused("head: userId a boolean", edit(er, user, "\"userId\":true"), WRONG, "userId", false));
        r.add(new Refused("head: userId an array (refused before too)", edit(er, user, "\"userId\":[\"" + MARKER + "\"]"), WRONG, "userId", false));
        r.add(new Refused("head: orgId a number", edit(er, "\"orgId\":\"org-acme\"", "\"orgId\":42"), WRONG, "orgId", false));
        String id = "\"eventId\":\"" + GoldenSamplesTest.EVENT_ID + "\"";
        r.add(new Refused("head: eventId a number (refused before too)", edit(er, id, "\"eventId\":12345"), WRONG, "eventId", false));
        r.add(new Refused("head: eventId as base64", edit(er, id, "\"eventId\":\"C2+PDmpVTGGdTy0fP32aEA==\""), WRONG, "eventId", false));
        r.add(new Refused("head: eventId empty", edit(er, id, "\"eventId\":\"\""), WRONG, "eventId", false));
        String at = "\"occurredAt\":\"2026-11-24T20:41:07Z\"";
        r.add(new Refused("head: occurredAt epoch seconds", edit(er, at, "\"occurredAt\":1795552867"), WRONG, "occurredAt", false));
        r.add(new Refused("head: occurredAt epoch as float", edit(er, at, "\"occurredAt\":1795552867.5"), WRONG, "occurredAt", false));
        r.add(new Refused("head: occurredAt quoted epoch", edit(er, at, "\"occurredAt\":\"1795552867\""), WRONG, "occurredAt", false));
        r.add(new Refused("head: occurredAt with a space", edit(er, at, "\"occurredAt\":\"2026-11-24T20:41:07Z \""), WRONG, "occurredAt", false));
        // --- scalar coercion in the payload
        r.add(new Refused("payload: version \"1\"", edit(er, "\"version\":1", "\"version\":\"1\""), WRONG, "payload.entry.version", false));
        r.add(new Refused("payload: version 1.0", edit(er, "\"version\":1", "\"version\":1.0"), WRONG, "payload.entry.version", false));
        r.add(new Refused("payload: version null", edit(er, "\"version\":1", "\"version\":null"), WRONG, "payload.entry.version", false));
        r.add(new Refused("payload: courage \"4\"", edit(er, "\"courage\":4", "\"courage\":\"4\""), WRONG, "payload.entry.metrics.courage", false));
        r.add(new Refused("payload: courage 4.0", edit(er, "\"courage\":4", "\"courage\":4.0"), WRONG, "payload.entry.metrics.courage", false));
        r.add(new Refused("payload: courage true (refused before too)", edit(er, "\"courage\":4", "\"courage\":true"), WRONG, "payload.entry.metrics.courage", false));
        r.add(new Refused("payload: shared \"true\"", edit(er, "\"shared\":true", "\"shared\":\"true\""), WRONG, "payload.entry.metrics.shared", false));
        r.add(new Refused("payload: shared 1", edit(er, "\"shared\":true", "\"shared\":1"), WRONG, "payload.entry.metrics.shared", false));
        String practice = "\"practice\":\"HONEST_SENTENCE\"";
        r.add(new Refused("payload: practice an index", edit(er, practice, "\"practice\":0"), WRONG, "payload.entry.practice", false));
        r.add(new Refused("payload: practice a quoted index", edit(er, practice, "\"practice\":\"0\""), WRONG, "payload.entry.practice", false));
        r.add(new Refused("payload: practice with a space", edit(er, practice, "\"practice\":\"HONEST_SENTENCE \""), WRONG, "payload.entry.practice", false));
        r.add(new Refused("payload: practice true (refused before too)", edit(er, practice, "\"practice\":true"), WRONG, "payload.entry.practice", false));
        r.add(new Refused("payload: feeling empty (refused before too)", edit(er, "\"feeling\":\"NERVOUS\"", "\"feeling\":\"\""), WRONG, "payload.entry.feeling", false));
        r.add(new Refused("payload: timeZone a number", edit(er, "\"timeZone\":\"Europe/Berlin\"", "\"timeZone\":1"), WRONG, "payload.entry.timeZone", false));
        r.add(new Refused("payload: entryId empty", edit(er, "\"entryId\":\"" + GoldenSamplesTest.ENTRY_ID + "\"", "\"entryId\":\"\""),
                WRONG, "payload.entry.entryId", false));
        String day = "\"localDate\":\"2026-11-24\"";
        r.add(new Refused("payload: localDate epoch day", edit(er, day, "\"localDate\":20416"), WRONG, "payload.entry.localDate", false));
        r.add(new Refused("payload: localDate an array", edit(er, day, "\"localDate\":[2026,11,24]"), WRONG, "payload.entry.localDate", false));
        r.add(new Refused("payload: localDate a date-time", edit(er, day, "\"localDate\":\"2026-11-24T00:00:00Z\""), WRONG, "payload.entry.localDate", false));
        String time = "\"localTime\":\"21:40:00\"";
        r.add(new Refused("payload: localTime seconds of day (refused before too)", edit(er, time, "\"localTime\":78000"), WRONG, "payload.entry.localTime", false));
        r.add(new Refused("payload: localTime an array", edit(er, time, "\"localTime\":[21,40]"), WRONG, "payload.entry.localTime", false));
        r.add(new Refused("payload: localTime a date-time", edit(er, time, "\"localTime\":\"2026-11-24T21:40:00\""), WRONG, "payload.entry.localTime", false));
        String themes = "\"themes\":[\"fear-of-rejection\",\"family\"]";
        r.add(new Refused("payload: themes one text (refused before too)", edit(er, themes, "\"themes\":\"" + MARKER + "\""), WRONG, "payload.entry.themes", false));
        r.add(new Refused("payload: a theme a number", edit(er, themes, "\"themes\":[\"family\",7]"), WRONG, "payload.entry.themes.[1]", false));
        r.add(new Refused("payload: textLengths \"62\"", edit(er, "\"sentence\":62", "\"sentence\":\"62\""), WRONG, "payload.entry.textLengths.?", false));
        r.add(new Refused("payload: metrics empty text (refused before too)", edit(er, "\"metrics\":{\"courage\":4,\"shared\":true}", "\"metrics\":\"\""),
                WRONG, "payload.entry.metrics", false));
        EventType weekly = EventType.WEEKLY_SUMMARY_READY;
        r.add(new Refused("payload: daysPracticed \"5\"", edit(weekly, "\"daysPracticed\":5", "\"daysPracticed\":\"5\""), WRONG, "payload.daysPracticed", false));
        r.add(new Refused("payload: daysPracticed null", edit(weekly, "\"daysPracticed\":5", "\"daysPracticed\":null"), WRONG, "payload.daysPracticed", false));
        r.add(new Refused("payload: map key an index (refused before too)", edit(weekly, "\"HONEST_SENTENCE\":4", "\"0\":4"), WRONG, "payload.entriesByPractice", false));
        r.add(new Refused("payload: streak days 6.0", edit(weekly, "\"currentDays\":6", "\"currentDays\":6.0"), WRONG, "payload.streaks.[0].currentDays", false));
        r.add(new Refused("payload: ReminderDue message a number", edit(EventType.REMINDER_DUE,
                "\"message\":\"A quiet moment for your ritual of openness, whenever it feels right.\"", "\"message\":7"),
                WRONG, "payload.message", false));
        r.add(new Refused("payload: LanguageChosen locale a boolean", edit(EventType.LANGUAGE_CHOSEN, "\"locale\":\"de\"", "\"locale\":false"),
                WRONG, "payload.locale", false));
        r.add(new Refused("payload: partnerUserId a number", edit(EventType.PARTNERSHIP_FORMED, "\"partnerUserId\":\"user-2b9c\"",
                "\"partnerUserId\":29"), WRONG, "payload.partnerUserId", false));
        r.add(new Refused("payload: night an epoch day", edit(EventType.RITUAL_REVEALED, "\"night\":\"2026-11-24\"", "\"night\":20416"),
                WRONG, "payload.night", false));
        // --- anything after the object
        String whole = edit(er, "\"userId\"", "\"userId\"");
        r.add(new Refused("after: an empty object", whole + "{}", AFTER, "", true));
        r.add(new Refused("after: a number", whole + " 1", AFTER, "", true));
        r.add(new Refused("after: the event again", whole + "\n" + whole, AFTER, "", true));
        r.add(new Refused("after: text", whole + "\"" + MARKER + "\"", AFTER, "", true));
        return r.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedNamingKindAndFieldButNeverTheRecord(Refused c) {
        // the unchanged record itself decodes: what is refused is the one edit
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventJson.decode(c.json()), c.label());
        String message = e.getMessage();
        String expected = "malformed event: " + c.kind() + (c.path().isEmpty() ? "" : " at " + c.path());
        assertTrue(message.startsWith(expected), c.label() + ": " + message + " should start with " + expected);
        assertEquals(c.lineAndColumn(), message.matches(".*line \\d+, column \\d+$"), message);
        StringWriter printed = new StringWriter();
        e.printStackTrace(new PrintWriter(printed)); // what a consumer's log shows, causes included
        assertFalse(printed.toString().contains(MARKER), printed.toString());
        assertFalse(printed.toString().contains("Europe/Berlin"), "no value of the record: " + printed);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theEditedRecordsAreValidWithoutTheirEdit(EventType type) {
        // the refused cases are the golden event plus an unknown field carrying the marker plus one edit:
        // without the edit they decode (so each case fails for its edit alone)
        assertEquals(GoldenSamplesTest.expected(type), EventJson.decode(edit(type, "\"payload\"", "\"payload\"")));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void whatEncodeWritesDecodesIntoTheSameEvent(EventType type) {
        EventEnvelope event = GoldenSamplesTest.expected(type);
        assertEquals(event, EventJson.decode(EventJson.encode(event)));
    }

    @Test
    void everyValueOfEveryFieldRoundTrips() {
        // every enum constant, every metric, extreme numbers, nanoseconds, non-ASCII and escaped text, no org
        List<EventPayload> payloads = new ArrayList<>();
        int i = 0;
        for (Practice practice : Practice.values()) {
            for (Feeling feeling : Feeling.values()) {
                RitualKind kind = RitualKind.values()[i++ % RitualKind.values().length];
                PracticeMetrics metrics = new PracticeMetrics(i % 6, i % 2 == 0, Integer.MAX_VALUE, 0, kind, i % 3 == 0,
                        Integer.MIN_VALUE, 10, 12, false, 3, 7);
                EntryFacts facts = new EntryFacts(UUID.randomUUID(), Long.MAX_VALUE - i, practice,
                        Instant.parse("2026-11-24T20:40:00.123456789Z").plusSeconds(i), "America/Argentina/Buenos_Aires",
                        LocalDate.parse("2026-02-28").plusDays(i), LocalTime.parse("00:00:00.000000001").plusMinutes(i),
                        feeling, metrics, List.of("théme", "a\"b\\c\u2028"), Map.of("sentence", i, "note", 0));
                payloads.add(i % 2 == 0 ? new EntryRecorded(facts) : new EntryRevised(facts, facts.localDate().minusDays(1)));
            }
            payloads.add(new EntryDeleted(UUID.randomUUID(), 1, practice, LocalDate.parse("1999-12-31"), "UTC"));
            payloads.add(new ReminderDue(UUID.randomUUID(), practice, Instant.EPOCH, LocalTime.MIDNIGHT, "Asia/Kolkata",
                    "Gentle \"quoted\" ✓", null));
        }
        Map<Practice, Integer> counts = new EnumMap<>(Practice.class);
        for (Practice p : Practice.values()) {
            counts.put(p, p.ordinal());
        }
        payloads.add(new WeeklySummaryReady("2026-W01", "Pacific/Chatham", 0, counts, List.of(), 0));
        payloads.add(new WeeklySummaryReady("2026-W53", "UTC", 7, Map.of()));
        payloads.add(new UserErased());
        payloads.add(new LanguageChosen("fr"));
        payloads.add(new PartnershipFormed(UUID.randomUUID(), "ü-1"));
        payloads.add(new PartnershipEnded(UUID.randomUUID()));
        payloads.add(new PartnerSharedRitual(UUID.randomUUID(), LocalDate.parse("2028-02-29")));
        payloads.add(new RitualRevealed(UUID.randomUUID(), LocalDate.parse("2026-01-01")));
        for (EventPayload payload : payloads) {
            EventEnvelope event = EventEnvelope.of(UUID.randomUUID(), Instant.parse("2026-12-03T09:00:00.5Z"), "user-x",
                    payload instanceof EntryRecorded ? null : "org-y", payload);
            assertEquals(event, EventJson.decode(EventJson.encode(event)), EventJson.encodeToString(event));
        }
    }

    @Test
    void unknownFieldsOfAnyKindStayTolerated() {
        String extra = "\"newNumber\":1.5e300,\"newText\":\"x\",\"newNull\":null,\"newList\":[1,\"a\",[{}],{\"k\":[true]}],"
                + "\"newObject\":{\"a\":{\"b\":\"c\"}},";
        EventEnvelope expected = GoldenSamplesTest.expected(EventType.ENTRY_RECORDED);
        assertEquals(expected, EventJson.decode(edit(EventType.ENTRY_RECORDED, "\"userId\"", extra + "\"userId\"")));
        assertEquals(expected, EventJson.decode(edit(EventType.ENTRY_RECORDED, "\"entry\":{", "\"entry\":{" + extra)));
        assertEquals(expected, EventJson.decode(edit(EventType.ENTRY_RECORDED, "\"courage\"", extra + "\"courage\"")));
        assertEquals(expected, EventJson.decode(edit(EventType.ENTRY_RECORDED, "\"payload\":{", "\"payload\":{" + extra)));
    }

    @Test
    void absentFieldsAndNullsOfOptionalFieldsReadAsBefore() {
        // an older producer: no streaks, no grace days (0); a missing schemaVersion is 0, as it always was
        WeeklySummaryReady older = (WeeklySummaryReady) EventJson.decode(edit(EventType.WEEKLY_SUMMARY_READY,
                ",\"streaks\":[{\"practice\":\"HONEST_SENTENCE\",\"currentDays\":6,\"longestDays\":9}],\"graceDaysPerWeek\":1", "")).payload();
        assertEquals(List.of(), older.streaks());
        assertEquals(0, older.graceDaysPerWeek());
        assertEquals(0, EventJson.decode(edit(EventType.USER_ERASED, "\"schemaVersion\":1,", "")).schemaVersion());
        // explicit nulls where a value is optional: org, feeling, a metric, themes, metrics
        EntryFacts facts = ((EntryRecorded) EventJson.decode(edit(EventType.ENTRY_RECORDED,
                "\"feeling\":\"NERVOUS\",\"metrics\":{\"courage\":4,\"shared\":true},\"themes\":[\"fear-of-rejection\",\"family\"]",
                "\"feeling\":null,\"metrics\":null,\"themes\":null").replace("\"orgId\":\"org-acme\"", "\"orgId\":null")).payload()).entry();
        assertEquals(null, facts.feeling());
        assertEquals(PracticeMetrics.NONE, facts.metrics());
        assertEquals(List.of(), facts.themes());
        PracticeMetrics metrics = ((EntryRecorded) EventJson.decode(edit(EventType.ENTRY_RECORDED, "\"courage\":4", "\"courage\":null"))
                .payload()).entry().metrics();
        assertEquals(null, metrics.courage());
        assertEquals(true, metrics.shared());
    }

    @Test
    void theIsoFormsJacksonReadsBeforeStillRead() {
        // other ISO-8601 spellings of the same values are not coercions: an offset, a fraction, upper-case hex,
        // a time without seconds; whitespace between tokens and at the end is JSON
        EventEnvelope event = EventJson.decode(edit(EventType.ENTRY_RECORDED, "\"occurredAt\":\"2026-11-24T20:41:07Z\"",
                "\"occurredAt\":\"2026-11-24T21:41:07.000+01:00\"").replace("\"localTime\":\"21:40:00\"", "\"localTime\":\"21:40\"")
                .replace(GoldenSamplesTest.EVENT_ID.toString(), GoldenSamplesTest.EVENT_ID.toString().toUpperCase()) + " \n\t");
        assertEquals(GoldenSamplesTest.expected(EventType.ENTRY_RECORDED), event);
    }

    @Test
    void theSharedReaderIsNotTheDecoderAndStaysTolerant() throws Exception {
        // reader()/mapper() read the services' own stored JSON (not Kafka records): unchanged by the strict decoder
        assertEquals(4, EventJson.reader().forType(PracticeMetrics.class).<PracticeMetrics>readValue("{\"courage\":\"4\"}").courage());
        ObjectMapper copy = EventJson.mapper();
        assertNotNull(copy.readTree("{\"a\":1,\"a\":2}"));
    }
}
