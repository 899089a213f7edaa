package app.openly.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON configuration shared by every producer and consumer of events.
 * Readers are tolerant of fields they do not know (a newer producer may add some); the golden
 * samples in this module's tests pin what is written.
 * <p>
 * {@link #decode} is strict JSON otherwise (since wave 12; before, it took the last of repeated keys, coerced
 * scalars and ignored what followed the object): a key repeated in any object, a value of another JSON type than
 * its field's ({@code "1"} or {@code 1.0} for a whole number, a number for a text, {@code 1} for a boolean, a number
 * for an enum or a date, {@code null} for a whole number that is not optional), a date, time, instant or id not in
 * the ISO / canonical text {@link #encode} writes, and anything after the object are an {@link InvalidEventException}
 * (consumers dead-letter it) naming the kind, the field path and line/column, never the record's content. A field
 * that is absent reads as before (null, empty, or 0 for a whole number). See {@code StrictDecoding}.
 * {@link #reader()} and {@link #mapper()} keep the tolerant configuration (the services' own stored JSON).
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = shared().build();

    /*
     * decode's own mapper: the shared configuration made strict (StrictDecoding). Not handed out: reader() and
     * mapper() keep the shared, tolerant configuration for the services' own stored JSON.
     */
    private static final ObjectMapper DECODER = StrictDecoding.apply(shared()).build();

    private static JsonMapper.Builder shared() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .addModule(new ParameterNamesModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /*
     * Handed out instead of the mapper: an ObjectReader/ObjectWriter is immutable (every with…/for… returns a new one
     * over the same configuration and caches), so one instance serves every caller and thread and nobody can change
     * what the others read or write. Copying the mapper per call cost journal 10.6 % of its CPU.
     */
    private static final ObjectReader READER = MAPPER.reader();
    private static final ObjectWriter WRITER = MAPPER.writer();

    private EventJson() {
    }

    /** Reads with the events' configuration; {@code reader().forType(X.class)} for a type. Shared and immutable. */
    public static ObjectReader reader() {
        return READER;
    }

    /** Writes with the events' configuration (ISO dates, no nulls). Shared and immutable. */
    public static ObjectWriter writer() {
        return WRITER;
    }

    /**
     * A copy of the shared mapper, safe to reconfigure: costly (it copies every cache), so at most once per class
     * that must configure its own; everyone else uses {@link #reader()} and {@link #writer()}.
     */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    public static byte[] encode(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode event " + envelope.eventId(), e);
        }
    }

    public static String encodeToString(EventEnvelope envelope) {
        return new String(encode(envelope), StandardCharsets.UTF_8);
    }

    /**
     * Decodes an envelope, resolving the payload class from {@code type}.
     *
     * @throws InvalidEventException if the bytes are not a valid event of a known type
     */
    public static EventEnvelope decode(byte[] json) {
        ObjectNode node;
        try {
            if (!(DECODER.readTree(json) instanceof ObjectNode object)) {
                throw new InvalidEventException("event is not a JSON object");
            }
            node = object;
        } catch (IOException | RuntimeException e) {
            throw invalid(e, "");
        }
        String typeName = text(node, "type");
        EventType type = EventType.fromWireName(typeName)
                .orElseThrow(() -> new InvalidEventException("unknown event type"
                        + (typeName.matches("[A-Za-z]{1,40}") ? " " + typeName : "")));
        JsonNode payloadNode = node.get("payload");
        if (payloadNode == null || !payloadNode.isObject()) {
            throw new InvalidEventException("event has no payload object");
        }
        EventPayload payload;
        try {
            payload = DECODER.treeToValue(payloadNode, type.payloadClass());
        } catch (IOException | RuntimeException e) {
            throw invalid(e, "payload");
        }
        try {
            ObjectNode head = node.deepCopy();
            head.remove("payload");
            Header h = DECODER.treeToValue(head, Header.class);
            return new EventEnvelope(h.eventId(), typeName, h.schemaVersion(), h.occurredAt(), h.userId(), h.orgId(), payload);
        } catch (IOException | RuntimeException e) {
            throw invalid(e, "");
        }
    }

    private static InvalidEventException invalid(Exception e, String pathPrefix) {
        if (e instanceof InvalidEventException invalid) {
            return invalid;
        }
        // The kind of problem, the field path and line/column, never the bytes: Jackson's own messages quote the
        // input, so the cause is not chained (consumers' logs print whole cause chains).
        return new InvalidEventException("malformed event: " + StrictDecoding.describe(e, pathPrefix));
    }

    public static EventEnvelope decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidEventException("event has no " + field);
        }
        return v.asText();
    }

    private record Header(java.util.UUID eventId, String type, int schemaVersion, java.time.Instant occurredAt,
                          String userId, String orgId) {
    }
}
