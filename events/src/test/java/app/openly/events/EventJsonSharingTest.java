package app.openly.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The reader and writer EventJson hands out are one shared instance each, configured as the events are (what the
 * golden samples pin), and nobody can change them for the others: a derived one is a new object.
 */
class EventJsonSharingTest {

    @Test
    void theSharedWriterWritesWhatEncodeWritesAndCannotBeReconfigured() throws Exception {
        EventEnvelope event = GoldenSamplesTest.expected(EventType.ENTRY_RECORDED);
        assertSame(EventJson.writer(), EventJson.writer());
        assertSame(EventJson.reader(), EventJson.reader());
        assertEquals(EventJson.encodeToString(event), EventJson.writer().writeValueAsString(event));

        // a caller's variant is its own: the shared writer still writes compactly, dates as ISO text, no nulls
        String indented = EventJson.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(event);
        assertEquals(true, indented.contains("\n"));
        String shared = EventJson.writer().writeValueAsString(event);
        assertEquals(EventJson.encodeToString(event), shared);
        assertEquals(false, shared.contains("\n"));
        assertEquals(false, shared.contains("null"));
    }

    @Test
    void theSharedReaderReadsAsTheEventsDoAndAVariantLeavesItAlone() throws Exception {
        PracticeMetrics metrics = new PracticeMetrics(4, true, null, null, null, null, null, null, null, null, null, null);
        byte[] written = EventJson.writer().writeValueAsBytes(metrics);
        assertEquals(metrics, EventJson.reader().forType(PracticeMetrics.class).readValue(written));
        // unknown fields are tolerated by the events' reader (a newer producer may add some) ...
        String withUnknown = "{\"courage\":4,\"shared\":true,\"somethingNew\":1}";
        assertEquals(metrics, EventJson.reader().forType(PracticeMetrics.class).readValue(withUnknown));
        // ... a stricter variant refuses them, and the shared reader is untouched by it
        assertThrows(Exception.class, () -> EventJson.reader().forType(PracticeMetrics.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(withUnknown.getBytes(StandardCharsets.UTF_8)));
        assertEquals(metrics, EventJson.reader().forType(PracticeMetrics.class).readValue(withUnknown));
    }
}
