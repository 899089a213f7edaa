package app.openly.events;

/** The person asked to be erased (GDPR Art. 17): every service deletes everything it holds about them. */
public record UserErased() implements EventPayload {
}
