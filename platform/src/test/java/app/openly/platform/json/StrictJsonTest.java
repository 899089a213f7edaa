package app.openly.platform.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each loose reading that issue 16 found accepted is refused; correct input still reads. */
class StrictJsonTest {

    enum Kind { OPENED, DISMISSED }

    record Body(Integer courage, int breaths, Boolean shared, Double mood, String text, List<String> tags,
                LocalDate pausedUntil, OffsetDateTime occurredAt, Set<DayOfWeek> days, Kind kind) {
    }

    private final ObjectMapper mapper = StrictJson.apply(new ObjectMapper().registerModule(new JavaTimeModule()));

    private Body read(String json) throws JsonProcessingException {
        return mapper.readValue(json, Body.class);
    }

    @Test
    void correctInputReads() throws Exception {
        Body b = read("""
                {"courage":3,"breaths":10,"shared":true,"mood":4,"text":"Tabs\\tand\\nlines, emoji 🌱 and ünïcödé",
                 "tags":["family","😊"],"pausedUntil":"2026-12-31","occurredAt":"2026-11-24T21:40:00+01:00",
                 "days":["MONDAY","FRIDAY"],"kind":"OPENED"}""");
        assertEquals(3, b.courage());
        assertEquals(4.0, b.mood());
        assertEquals("Tabs\tand\nlines, emoji 🌱 and ünïcödé", b.text());
        assertEquals(LocalDate.of(2026, 12, 31), b.pausedUntil());
        assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), b.days());
    }

    @Test
    void noCoercion() {
        for (String json : List.of(
                "{\"courage\":3.5}", "{\"courage\":\"3\"}", "{\"breaths\":2.0}", "{\"shared\":1}", "{\"shared\":\"true\"}",
                "{\"mood\":\"4.5\"}", "{\"text\":123}", "{\"text\":true}", "{\"tags\":\"family\"}", "{\"tags\":[1]}",
                "{\"occurredAt\":123}", "{\"pausedUntil\":20261231}", "{\"kind\":0}", "{\"breaths\":null}",
                "{\"courage\":\"\"}", "{\"text\":{}}")) {
            assertThrows(MismatchedInputException.class, () -> read(json), json);
        }
    }

    @Test
    void duplicateKeysAndTrailingTokensAreRefused() {
        assertThrows(StreamReadException.class, () -> read("{\"shared\":true,\"shared\":false}"));
        assertThrows(JsonProcessingException.class, () -> read("{\"courage\":3}}"));
        assertThrows(JsonProcessingException.class, () -> read("{\"courage\":3} {\"courage\":4}"));
    }

    @Test
    void datesOutsideTheDocumentedYearsAreRefusedNamingTheRule() {
        for (String json : List.of("{\"pausedUntil\":\"+999999999-12-31\"}", "{\"pausedUntil\":\"-999999999-01-01\"}",
                "{\"pausedUntil\":\"1899-12-31\"}", "{\"pausedUntil\":\"2201-01-01\"}",
                "{\"occurredAt\":\"+999999999-12-31T00:00:00Z\"}", "{\"occurredAt\":\"1000-01-01T00:00:00Z\"}")) {
            RefusedValueException e = assertThrows(RefusedValueException.class, () -> read(json), json);
            assertTrue(e.rule().contains("1900") && e.rule().contains("2200"));
        }
    }

    @Test
    void controlBidiAndLoneSurrogatesAreRefusedInTextAndTags() {
        for (String bad : List.of("\\u0000", "\\u001b[31m", "\\u202e", "\\u2066", "\\ud800", "\\udc00x", "\\u0085", "\\u007f")) {
            assertThrows(RefusedValueException.class, () -> read("{\"text\":\"a" + bad + "b\"}"), bad);
            assertThrows(RefusedValueException.class, () -> read("{\"tags\":[\"a" + bad + "\"]}"), bad);
        }
    }

    @Test
    void aSetMustNotRepeatAValue() {
        assertThrows(RefusedValueException.class, () -> read("{\"days\":[\"MONDAY\",\"MONDAY\"]}"));
        assertThrows(RefusedValueException.class,
                () -> read("{\"days\":[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\",\"SATURDAY\",\"SUNDAY\",\"MONDAY\"]}"));
    }
}
