package app.openly.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON value of the right type that we still refuse (a date outside 1900–2200, text with a control
 * character). Its message is ours, never the input, so it can be answered as the field's message.
 */
public class RefusedValueException extends MismatchedInputException {

    private final String rule;

    public RefusedValueException(JsonParser parser, Class<?> targetType, String rule) {
        super(parser, rule, targetType);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
