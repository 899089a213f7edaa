package app.openly.reminder.domain.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One way a notification reaches a person's device while no page of ours is open: Web Push, FCM (Android),
 * APNs (iOS) — and whatever comes next (e-mail).
 * <p>
 * {@link ReminderDelivery} does everything around a channel once for all of them: it asks each channel the person
 * routed the kind to for their {@link #targetsOf targets}, claims (event, {@link #name()}, target id) in the ledger,
 * checks quiet hours, pause and the daily cap before every attempt, calls {@link #send} and acts on its
 * {@link SendResult}: {@code ACCEPTED} is recorded and counted, {@code GONE} calls {@link #prune}, {@code RETRY} waits
 * (exponential backoff with jitter, or {@code Retry-After}) and tries again up to the attempt limit, {@code REFUSED}
 * ends at once. A channel therefore only knows its own vendor's protocol.
 * <p>
 * To add a channel: an {@code @ApplicationScoped} bean implementing this interface (it is found by CDI), a value in
 * {@link Channel} for {@link #route()} if people should route kinds to it separately, and a table for its targets
 * with a {@code user_id} column (the personal-data catalogue then exports and erases it without further code).
 *
 * @param <T> the channel's own target (a browser subscription, a device token, an address)
 */
public interface NotificationChannel<T extends NotificationChannel.Target> {

    /** A place one channel delivers to; {@link #id()} is what the ledger and {@code POST /test} name (never a secret). */
    interface Target {
        String id();
    }

    /**
     * What is shown: lock-screen safe by construction, because it has no field for anything a person wrote.
     *
     * @param kind       {@code reminder}, {@code test}, ... (the app decides how to open it)
     * @param body       one of the service's own template sentences
     * @param url        the link into the app
     * @param reminderId the reminder, when it is one
     * @param collapseKey a newer notification with the same key replaces an unread older one (Web Push Topic, FCM
     *                   collapse_key, apns-collapse-id); at most 32 characters of {@code [A-Za-z0-9_-]}
     * @param urgent     a test the person is waiting for (high priority) rather than a reminder (normal)
     */
    record Notification(String kind, String title, String body, String url, UUID reminderId, String collapseKey, boolean urgent) {
    }

    /** What became of one attempt. */
    enum Outcome {
        /** The vendor accepted the message. */
        ACCEPTED,
        /** The target no longer exists (unsubscribed, app uninstalled): prune it, never retry. */
        GONE,
        /** Worth trying again (no answer, 429, 5xx, an expired credential just renewed). */
        RETRY,
        /** Will not work by trying again (the vendor refused the message, the channel is not configured). */
        REFUSED
    }

    /**
     * @param status     the vendor's HTTP status, 0 when none came
     * @param retryAfter the vendor's {@code Retry-After}, when given
     * @param detail     what the ledger and history record when it was not accepted (no personal data)
     */
    record SendResult(Outcome outcome, int status, Optional<Duration> retryAfter, String detail) {
        public static SendResult accepted(int status) {
            return new SendResult(Outcome.ACCEPTED, status, Optional.empty(), null);
        }

        public static SendResult refused(String detail) {
            return new SendResult(Outcome.REFUSED, 0, Optional.empty(), detail);
        }
    }

    /** The preference route this channel belongs to ({@code GET/PUT /preferences}). */
    Channel route();

    /** Its name in the ledger, in metrics ({@code channel} tag) and in {@code POST /test} answers: WEB_PUSH, FCM, APNS. */
    String name();

    /** The person's targets on this channel; empty when they have none or the channel is not configured. */
    List<T> targetsOf(String userId);

    /** One attempt. Never throws for what a vendor answers or for a network failure: that is a {@link SendResult}. */
    SendResult send(T target, Notification notification);

    /** The vendor said {@code target} is gone: delete it. */
    void prune(T target);

    /** Why {@code target} may no longer be called (a configuration change since it was registered), or empty. */
    default Optional<String> refusal(T target) {
        return Optional.empty();
    }
}
