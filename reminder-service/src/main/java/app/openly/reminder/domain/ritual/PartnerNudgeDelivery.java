package app.openly.reminder.domain.ritual;

import app.openly.reminder.domain.ReminderPreferences;
import app.openly.reminder.domain.delivery.Channel;
import app.openly.reminder.domain.delivery.DeliveryLedger;
import app.openly.reminder.domain.delivery.DeliveryMetrics;
import app.openly.reminder.domain.delivery.NotificationKind;
import app.openly.reminder.domain.delivery.NotificationRouting;
import app.openly.reminder.domain.delivery.ReminderDelivery;
import app.openly.reminder.domain.delivery.StreamHub;
import app.openly.reminder.domain.delivery.WebPushSender;
import app.openly.reminder.domain.delivery.WebPushSubscriptions;
import app.openly.reminder.domain.delivery.logic.SendTimeRules;
import app.openly.reminder.domain.logic.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sends one partner nudge through the notification delivery's own parts (routing per kind, the Web Push sender and
 * subscriptions, the ledger, the live streams of this replica), without changing them. The person's quiet hours,
 * pause and reminder days are checked at send time: a nudge that would come at the wrong moment is dropped, never
 * sent late. Its text is the template {@link Messages#PARTNER_NUDGE}: nothing of the partner, not even a name.
 */
@ApplicationScoped
public class PartnerNudgeDelivery {

    /** Transient failures (no answer, 429, 5xx) are tried again on later scans, this many times in all. */
    static final int MAX_ATTEMPTS = 3;
    static final String TOPIC = "partner-nudge";

    @Inject
    PartnerNudgeStore nudges;
    @Inject
    ReminderPreferences reminders;
    @Inject
    NotificationRouting routing;
    @Inject
    WebPushSubscriptions subscriptions;
    @Inject
    WebPushSender sender;
    @Inject
    ReminderDelivery delivery;
    @Inject
    DeliveryLedger ledger;
    @Inject
    DeliveryMetrics metrics;
    @Inject
    StreamHub streams;

    public void deliver(PartnerNudgeStore.Claimed nudge, Instant now) {
        String userId = nudge.userId();
        // No daily cap: a nudge is not a reminder, and there is at most one a night.
        Optional<String> refusal = SendTimeRules.refusal(reminders.preferencesOf(userId).preferences(), now, 0);
        if (refusal.isPresent()) {
            ledger.recordOnce(nudge.eventId(), userId, null, now, DeliveryLedger.Status.DROPPED, refusal.get(), now);
            metrics.dropped(refusal.get());
            nudges.settle(userId, nudge.night(), PartnerNudgeStore.Status.DROPPED, refusal.get(), now);
            return;
        }
        String payload = delivery.payload(TOPIC, Messages.PARTNER_NUDGE, null);
        int streamed = routing.allows(userId, NotificationKind.PARTNER_NUDGES, Channel.STREAM) ? streams.publish(userId, payload) : 0;
        for (int i = 0; i < streamed; i++) {
            metrics.sent(Channel.STREAM.name(), null);
        }
        List<WebPushSubscriptions.Subscription> targets = routing.allows(userId, NotificationKind.PARTNER_NUDGES, Channel.WEB_PUSH)
                ? subscriptions.of(userId) : List.of();
        if (targets.isEmpty() && streamed == 0) {
            ledger.recordOnce(nudge.eventId(), userId, null, now, DeliveryLedger.Status.NOT_DELIVERED, "no active channel", now);
            nudges.settle(userId, nudge.night(), PartnerNudgeStore.Status.NOT_DELIVERED, "no active channel", now);
            return;
        }
        boolean retry = false;
        boolean sent = streamed > 0;
        for (WebPushSubscriptions.Subscription s : targets) {
            DeliveryLedger.Status status = push(nudge, s, payload, now);
            sent |= status == DeliveryLedger.Status.SENT;
            retry |= status == DeliveryLedger.Status.SENDING;
        }
        if (retry && nudge.attempts() < MAX_ATTEMPTS) {
            nudges.settle(userId, nudge.night(), PartnerNudgeStore.Status.PENDING, "tried again later", now);
        } else {
            nudges.settle(userId, nudge.night(), sent ? PartnerNudgeStore.Status.SENT : PartnerNudgeStore.Status.FAILED, null, now);
        }
    }

    /** One Web Push of the nudge; SENDING when a transient failure leaves it to a later attempt. */
    private DeliveryLedger.Status push(PartnerNudgeStore.Claimed nudge, WebPushSubscriptions.Subscription s, String payload, Instant now) {
        String target = s.id().toString();
        if (!ledger.claim(nudge.eventId(), Channel.WEB_PUSH, target, nudge.userId(), null, now, now)) {
            metrics.duplicate(Channel.WEB_PUSH.name());
            return DeliveryLedger.Status.SENT; // settled before: never sent twice
        }
        Optional<String> notAllowed = delivery.endpoints().refusal(s.endpoint());
        if (notAllowed.isPresent()) {
            return settle(nudge, target, DeliveryLedger.Status.FAILED, "endpoint " + notAllowed.get(), now);
        }
        WebPushSender.Result result = sender.send(s, payload, TOPIC, WebPushSender.Urgency.NORMAL);
        if (result.accepted()) {
            metrics.sent(Channel.WEB_PUSH.name(), null);
            return settle(nudge, target, DeliveryLedger.Status.SENT, null, now);
        }
        if (result.gone()) {
            subscriptions.prune(s.id());
            metrics.pruned(Channel.WEB_PUSH.name());
            return settle(nudge, target, DeliveryLedger.Status.PRUNED, "push service answered " + result.status(), now);
        }
        String failure = result.status() == 0 ? result.error() : "push service answered " + result.status();
        if (result.transientFailure() && nudge.attempts() < MAX_ATTEMPTS) {
            return DeliveryLedger.Status.SENDING; // left claimed in the ledger: the next attempt claims it again
        }
        metrics.failed(Channel.WEB_PUSH.name());
        return settle(nudge, target, DeliveryLedger.Status.FAILED, failure, now);
    }

    private DeliveryLedger.Status settle(PartnerNudgeStore.Claimed nudge, String target, DeliveryLedger.Status status, String detail, Instant now) {
        ledger.settle(nudge.eventId(), Channel.WEB_PUSH, target, status, 1, detail, now);
        return status;
    }
}
