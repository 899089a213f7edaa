package app.openly.platform.json;

import app.openly.platform.input.DateRange;
import app.openly.platform.input.SafeText;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateTimeDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalTimeDeserializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;

/**
 * Request bodies are read strictly, the same in every service (issue 16 §2): a duplicated key, a value
 * of the wrong JSON type (3.5 or "3" for a whole number, 1 for true/false, 123 for a date, a number for
 * an enum), trailing tokens after the object, a date outside the years 1900–2200 and text with control,
 * bidi-override or unpaired-surrogate characters are all a 400 naming the field, never stored.
 * Runs last among the customizers so nothing loosens it afterwards.
 * <p>
 * Over 200 lines on purpose: one reading policy, applied as a whole; the deserializers it installs are small nested
 * classes of it and mean nothing alone.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    /** Makes {@code mapper} strict; returns it. Also used by tests and by code reading request JSON itself. */
    @SuppressWarnings("deprecation")
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.setDefaultLeniency(false);
        for (LogicalType type : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
                LogicalType.Textual, LogicalType.DateTime, LogicalType.Enum}) {
            var config = mapper.coercionConfigFor(type);
            for (CoercionInputShape shape : new CoercionInputShape[]{CoercionInputShape.Integer, CoercionInputShape.Float,
                    CoercionInputShape.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString}) {
                if (!sameShape(type, shape)) {
                    config.setCoercion(shape, CoercionAction.Fail);
                }
            }
        }
        SimpleModule module = new SimpleModule("openly-strict-input");
        module.addDeserializer(String.class, new SafeStringDeserializer());
        module.addDeserializer(LocalDate.class, new StrictTemporal<>(LocalDate.class, LocalDateDeserializer.INSTANCE));
        module.addDeserializer(LocalDateTime.class, new StrictTemporal<>(LocalDateTime.class, LocalDateTimeDeserializer.INSTANCE));
        module.addDeserializer(LocalTime.class, new StrictTemporal<>(LocalTime.class, LocalTimeDeserializer.INSTANCE));
        module.addDeserializer(OffsetDateTime.class, new StrictTemporal<>(OffsetDateTime.class, InstantDeserializer.OFFSET_DATE_TIME));
        module.addDeserializer(ZonedDateTime.class, new StrictTemporal<>(ZonedDateTime.class, InstantDeserializer.ZONED_DATE_TIME));
        module.addDeserializer(Instant.class, new StrictTemporal<>(Instant.class, InstantDeserializer.INSTANT));
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
                return new ExactText(deserializer);
            }

            @Override
            public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
                                                                    BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
                return Set.class.isAssignableFrom(type.getRawClass()) ? new NoRepeatsSet(deserializer) : deserializer;
            }
        });
        mapper.registerModule(module);
        return mapper;
    }

    private static boolean sameShape(LogicalType type, CoercionInputShape shape) {
        return switch (type) {
            case Integer -> shape == CoercionInputShape.Integer;
            case Float -> shape == CoercionInputShape.Float || shape == CoercionInputShape.Integer; // 3 is a fine 3.0
            case Boolean -> shape == CoercionInputShape.Boolean;
            case Textual, DateTime, Enum -> shape == CoercionInputShape.String;
            default -> false;
        };
    }

    /** A JSON string only (no number or boolean turned into text), with only characters {@link SafeText} accepts. */
    static final class SafeStringDeserializer extends StdScalarDeserializer<String> {
        SafeStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String value = p.getText();
            if (!SafeText.isSafe(value)) {
                throw new RefusedValueException(p, String.class, SafeText.RULE);
            }
            return value;
        }
    }

    /** A date or time from a JSON string only (never a number of days or seconds), in the years 1900–2200. */
    static final class StrictTemporal<T extends TemporalAccessor> extends StdScalarDeserializer<T> {
        private final transient JsonDeserializer<? extends T> iso;

        StrictTemporal(Class<T> type, JsonDeserializer<? extends T> iso) {
            super(type);
            this.iso = iso;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                @SuppressWarnings("unchecked")
                T refused = (T) ctxt.handleUnexpectedToken(handledType(), p);
                return refused;
            }
            requireExact(p, handledType());
            T value = iso.deserialize(p, ctxt);
            if (value != null && !DateRange.contains(value)) {
                throw new RefusedValueException(p, handledType(), DateRange.RULE);
            }
            return value;
        }
    }

    /** A JSON array read into a set must not repeat a value: ["MONDAY","MONDAY"] is a mistake, not one Monday. */
    static final class NoRepeatsSet extends DelegatingDeserializer {
        NoRepeatsSet(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new NoRepeatsSet(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                return super.deserialize(p, ctxt);
            }
            TokenBuffer copy = ctxt.bufferAsCopyOfValue(p);
            int sent = 0;
            try (JsonParser counting = copy.asParserOnFirstToken()) {
                while (counting.nextToken() != JsonToken.END_ARRAY) {
                    counting.skipChildren();
                    sent++;
                }
            }
            Object value;
            try (JsonParser reading = copy.asParserOnFirstToken()) {
                value = _delegatee.deserialize(reading, ctxt);
            }
            if (value instanceof Collection<?> set && set.size() < sent) {
                throw new RefusedValueException(p, Set.class, "has the same value more than once");
            }
            return value;
        }
    }

    /**
     * Jackson's enum and java.time readers trim what they read, so "STREAM\u0000" or "07:30\u0000" would pass
     * as STREAM and 07:30: the text must be exactly the value, with no character {@link SafeText} refuses.
     */
    static void requireExact(JsonParser p, Class<?> type) throws IOException {
        String text = p.getText();
        if (!SafeText.isSafe(text) || !text.equals(text.strip())) {
            throw new RefusedValueException(p, type, SafeText.RULE.replace("contains", "contains a space around it or"));
        }
    }

    /** An enum read from exactly its name (see {@link #requireExact}). */
    static final class ExactText extends DelegatingDeserializer {
        ExactText(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new ExactText(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                requireExact(p, handledType());
            }
            return super.deserialize(p, ctxt);
        }
    }
}
