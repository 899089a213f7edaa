package app.openly.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What makes {@link EventJson#decode} strict, and how it names what it refused without quoting the record.
 * <p>
 * Strict JSON, as everywhere in Openly, except that unknown fields stay tolerated (a newer producer may add some):
 * a key repeated in any object, any scalar coercion ({@code "1"} or {@code 1.0} for a whole number, a number or
 * boolean for a text, {@code 1} or {@code "true"} for a boolean, a number or a stringified index for an enum,
 * {@code null} for a primitive, a number or an array for a date, {@code ""} for anything that is not text) and
 * anything after the object are refused. Dates, times, instants and ids must be exactly their ISO / canonical text,
 * the form {@link EventJson#encode} writes (Jackson would otherwise also take epoch numbers, quoted epoch numbers,
 * a date-time for a date, a 24-character base64 id, or text with spaces around it). Everything {@code encode}
 * writes decodes as before; a missing field still reads as before (absent primitives are 0: older producers).
 * <p>
 * Over 200 lines on purpose: one reading policy and the one way its refusals are named, kept together; the two
 * deserializers it installs are small nested classes of it and mean nothing alone.
 */
final class StrictDecoding {

    private StrictDecoding() {
    }

    /** The decoder's configuration on top of the events' shared one. */
    static JsonMapper.Builder apply(JsonMapper.Builder builder) {
        builder.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // null for a primitive is refused by NullForPrimitive below, not FAIL_ON_NULL_FOR_PRIMITIVES: that
                // also refuses an absent one, which older producers rely on (graceDaysPerWeek reads as 0)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .defaultLeniency(false)
                .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setAcceptBlankAsEmpty(false));
        for (LogicalType type : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
                LogicalType.Textual, LogicalType.DateTime, LogicalType.Enum, LogicalType.OtherScalar}) {
            builder.withCoercionConfig(type, c -> {
                for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.Integer,
                        CoercionInputShape.Float, CoercionInputShape.Boolean, CoercionInputShape.String,
                        CoercionInputShape.EmptyString}) {
                    if (!sameShape(type, shape)) {
                        c.setCoercion(shape, CoercionAction.Fail);
                    }
                }
            });
        }
        SimpleModule module = new SimpleModule("openly-strict-events");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription desc,
                                                          JsonDeserializer<?> deserializer) {
                // the deserializer's type, not desc's: Jackson hands the Integer wrapper's deserializer in with int's desc
                if (deserializer.handledType() != null && deserializer.handledType().isPrimitive()) {
                    return new NullForPrimitive(deserializer);
                }
                Predicate<String> form = CANONICAL.get(desc.getBeanClass());
                return form == null ? deserializer : new ExactText(deserializer, form);
            }

            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription desc, JsonDeserializer<?> deserializer) {
                return new ExactText(deserializer, s -> true);
            }
        });
        return builder.addModule(module);
    }

    private static boolean sameShape(LogicalType type, CoercionInputShape shape) {
        return switch (type) {
            case Integer -> shape == CoercionInputShape.Integer;
            case Float -> shape == CoercionInputShape.Float || shape == CoercionInputShape.Integer; // 3 is a fine 3.0
            case Boolean -> shape == CoercionInputShape.Boolean;
            case Textual, DateTime, Enum, OtherScalar -> shape == CoercionInputShape.String;
            default -> false;
        };
    }

    /*
     * The text forms encode writes, as a cheap shape check before Jackson's own parser (which decides the rest):
     * a 36-character id (Jackson also reads 24-character base64), an instant with its 'T' (Jackson also reads
     * "1700000000" as epoch seconds), a date of 10 characters (Jackson also reads a date-time), a time without
     * a date.
     */
    private static final java.util.Map<Class<?>, Predicate<String>> CANONICAL = java.util.Map.of(
            UUID.class, s -> s.length() == 36,
            Instant.class, s -> s.indexOf('T') > 0,
            LocalDate.class, s -> s.length() == 10,
            LocalTime.class, s -> s.indexOf('T') < 0);

    /** A JSON string only (never a number, boolean or array), exactly the value's text (no spaces around it). */
    static final class ExactText extends DelegatingDeserializer {
        private final Predicate<String> form;

        ExactText(JsonDeserializer<?> delegate, Predicate<String> form) {
            super(delegate);
            this.form = form;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new ExactText(newDelegatee, form);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return ctxt.handleUnexpectedToken(handledType(), p);
            }
            String text = p.getText();
            if (!form.test(text) || !text.equals(text.strip())) {
                // no value in the message: it is never printed, but nothing of the record is kept in it either
                return ctxt.reportInputMismatch(this, "not the exact text form of %s", handledType().getSimpleName());
            }
            return _delegatee.deserialize(p, ctxt);
        }
    }

    /** An explicit {@code null} for an int or long is refused; an absent one still reads as 0 (older producers). */
    static final class NullForPrimitive extends DelegatingDeserializer {
        NullForPrimitive(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new NullForPrimitive(newDelegatee);
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return ctxt.reportInputMismatch(this, "null for a %s", handledType().getSimpleName());
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) throws JsonMappingException {
            return _delegatee.getNullValue(ctxt);
        }
    }

    // ---- naming what was refused: kind, field path, line/column; never a value, never an unknown name ----

    /** Every field name and enum constant of the contract: only these are printed in a path, anything else is "?". */
    private static final Set<String> NAMES = names();

    private static Set<String> names() {
        Set<String> names = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(EventEnvelope.class);
        for (EventType t : EventType.values()) {
            todo.add(t.payloadClass());
        }
        Set<Class<?>> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (c.isEnum()) {
                for (Object constant : c.getEnumConstants()) {
                    names.add(((Enum<?>) constant).name());
                }
            }
            if (c.isRecord()) {
                for (var component : c.getRecordComponents()) {
                    names.add(component.getName());
                    todo.add(component.getType());
                    if (component.getGenericType() instanceof java.lang.reflect.ParameterizedType pt) {
                        for (var arg : pt.getActualTypeArguments()) {
                            if (arg instanceof Class<?> a) {
                                todo.add(a);
                            }
                        }
                    }
                }
            }
        }
        return Set.copyOf(names);
    }

    static String safeName(String name) {
        return name != null && NAMES.contains(name) ? name : "?";
    }

    /**
     * "repeated key at payload.entry.version, line 1, column 120": the kind of problem, the field path (names of the
     * contract only) and, where the bytes were being read, line and column. {@code prefix} is the path of the
     * tree that was being converted ("payload" or "" for the head).
     */
    static String describe(Exception e, String prefix) {
        String kind = kind(e);
        StringBuilder s = new StringBuilder(kind);
        String path = kind.equals(TRAILING) ? "" : path(e, prefix);
        if (!path.isEmpty()) {
            s.append(" at ").append(path);
        }
        if (e instanceof JsonProcessingException j && j.getLocation() != null && j.getLocation().getLineNr() > 0) {
            s.append(path.isEmpty() ? " at " : ", ").append("line ").append(j.getLocation().getLineNr())
                    .append(", column ").append(j.getLocation().getColumnNr());
        }
        return s.toString();
    }

    private static final String TRAILING = "content after the event";

    private static String kind(Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.startsWith("Duplicate field")) {
            return "repeated key";
        }
        if (m.startsWith("Trailing token")) {
            return TRAILING;
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException) {
            return "wrong type or form"; // a coercion refused, a null for a primitive, a date not in its ISO text
        }
        return e.getClass().getSimpleName();
    }

    private static String path(Exception e, String prefix) {
        Deque<String> parts = new ArrayDeque<>();
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            for (JsonMappingException.Reference r : m.getPath()) {
                parts.add(r.getFieldName() != null ? safeName(r.getFieldName()) : "[" + r.getIndex() + "]");
            }
        } else if (e instanceof JsonProcessingException j && j.getProcessor() instanceof JsonParser p) {
            // a problem found while reading (a repeated key, a broken token): where the parser was
            JsonStreamContext c = p.getParsingContext();
            if (c != null && (c.inArray() ? c.getCurrentIndex() < 0 : c.getCurrentName() == null)) {
                c = c.getParent(); // an object or array just opened (the repeated key's value): the key is one up
            }
            for (; c != null && !c.inRoot(); c = c.getParent()) {
                parts.addFirst(c.inArray() ? "[" + c.getCurrentIndex() + "]" : safeName(c.getCurrentName()));
            }
        }
        if (!prefix.isEmpty() && !parts.isEmpty()) {
            parts.addFirst(prefix);
        }
        return String.join(".", parts);
    }
}
