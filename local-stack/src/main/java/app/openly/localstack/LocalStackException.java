package app.openly.localstack;

/** A failure with a message meant for a person at the terminal. */
public class LocalStackException extends RuntimeException {
    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
