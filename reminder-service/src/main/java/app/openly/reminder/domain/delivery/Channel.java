package app.openly.reminder.domain.delivery;

/** Where a notification can go. */
public enum Channel {
    /** Browsers' push services (RFC 8030), even when no page is open. */
    WEB_PUSH,
    /** The live stream (Server-Sent Events) of an open page. */
    STREAM
}
