package app.openly.reminder.domain.delivery;

/** Where a person can route each kind of notification ({@code GET/PUT /api/v1/notifications/preferences}). */
public enum Channel {
    /** Browsers' push services (RFC 8030), even when no page is open. */
    WEB_PUSH,
    /** The live stream (Server-Sent Events) of an open page. */
    STREAM,
    /** The person's phones: FCM for Android, APNs for iOS (one route; a person thinks "my phone", not "the vendor"). */
    MOBILE_PUSH,
    /**
     * The person's confirmed e-mail address: letters, so only {@link NotificationKind#WEEKLY_SUMMARY} (the weekly
     * letter). Its one-click unsubscribe removes this route (issue 14).
     */
    EMAIL;

    /** Whether this channel can carry {@code kind} at all: e-mail carries only the weekly letter. */
    public boolean carries(NotificationKind kind) {
        return this != EMAIL || kind == NotificationKind.WEEKLY_SUMMARY;
    }
}
