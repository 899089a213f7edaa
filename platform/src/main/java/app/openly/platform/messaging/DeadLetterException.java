package app.openly.platform.messaging;

/**
 * Sends a record to the dead-letter topic. Its message becomes the record's {@code dead-letter-reason} header, so
 * it names the kind of failure and never quotes the record's content; it carries no cause for the same reason
 * (SmallRye would copy the cause's message into {@code dead-letter-cause}).
 */
public class DeadLetterException extends RuntimeException {
    public DeadLetterException(String reason) {
        super(reason, null, false, false);
    }
}
