package app.openly.reminder.domain.ritual;

import app.openly.reminder.domain.ReminderPreferences;
import app.openly.reminder.domain.delivery.Channel;
import app.openly.reminder.domain.delivery.DeliveryLedger;
import app.openly.reminder.domain.delivery.DeliveryMetrics;
import app.openly.reminder.domain.delivery.NotificationChannel.Notification;
import app.openly.reminder.domain.delivery.NotificationKind;
import app.openly.reminder.domain.delivery.NotificationRouting;
import app.openly.reminder.domain.delivery.ReminderDelivery;
import app.openly.reminder.domain.delivery.StreamHub;
import app.openly.reminder.domain.delivery.logic.SendTimeRules;
import app.openly.reminder.domain.logic.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sends one partner nudge through the one entry point of the notification delivery,
 * {@link ReminderDelivery#deliver(ReminderDelivery.Delivery)} (every channel the person routes
 * {@link NotificationKind#PARTNER_NUDGES} to — Web Push, FCM, APNs — with its ledger, retries, pruning and metrics).
 * What stays here is the nudge's own part: its quiet hours, pause and reminder days are checked before it is handed
 * over (a nudge that would come at the wrong moment is dropped, never sent late; no daily cap, since a nudge is not
 * a reminder and there is at most one a night), the copy on this replica's open live streams, and the bookkeeping
 * of {@link PartnerNudgeStore}. Its text is the template {@link Messages#partnerNudge} in the person's language: nothing of the partner,
 * not even a name.
 */
@ApplicationScoped
public class PartnerNudgeDelivery {

    /** Web Push Topic / collapse key and the payload's {@code kind}: a newer nudge replaces an unread older one. */
    static final String KIND = "partner-nudge";

    @Inject
    PartnerNudgeStore nudges;
    @Inject
    ReminderPreferences reminders;
    @Inject
    NotificationRouting routing;
    @Inject
    ReminderDelivery delivery;
    @Inject
    DeliveryLedger ledger;
    @Inject
    DeliveryMetrics metrics;
    @Inject
    StreamHub streams;
    @Inject
    app.openly.reminder.domain.language.PersonLocales locales;

    public void deliver(PartnerNudgeStore.Claimed nudge, Instant now) {
        String userId = nudge.userId();
        Optional<String> refusal = SendTimeRules.refusal(reminders.preferencesOf(userId).preferences(), now, 0);
        if (refusal.isPresent()) {
            if (ledger.recordOnce(nudge.eventId(), userId, null, now, DeliveryLedger.Status.DROPPED, refusal.get(), now)) {
                metrics.dropped(refusal.get());
            }
            nudges.settle(userId, nudge.night(), PartnerNudgeStore.Status.DROPPED, refusal.get(), now);
            return;
        }
        String text = Messages.partnerNudge(locales.localeOf(userId));
        // The live stream is not a channel of ReminderDelivery (due reminders reach it through Kafka); an open page
        // on this replica gets its copy here.
        int streamed = routing.allows(userId, NotificationKind.PARTNER_NUDGES, Channel.STREAM)
                ? streams.publish(userId, delivery.payload(KIND, text, null)) : 0;
        for (int i = 0; i < streamed; i++) {
            metrics.sent(Channel.STREAM.name(), null);
        }
        Notification notification = delivery.notification(KIND, text, null, KIND, false);
        List<ReminderDelivery.TargetOutcome> outcomes = delivery.deliver(
                new ReminderDelivery.Delivery(nudge.eventId(), userId, NotificationKind.PARTNER_NUDGES, notification, null, now));
        boolean sent = streamed > 0 || outcomes.stream().anyMatch(o -> o.status() == DeliveryLedger.Status.SENT);
        if (sent) {
            nudges.settle(userId, nudge.night(), PartnerNudgeStore.Status.SENT, null, now);
        } else if (outcomes.stream().allMatch(o -> o.status() == DeliveryLedger.Status.NOT_DELIVERED)) {
            nudges.settle(userId, nudge.night(), PartnerNudgeStore.Status.NOT_DELIVERED, "no active channel", now);
        } else if (outcomes.stream().allMatch(o -> o.status() == DeliveryLedger.Status.DROPPED)) {
            // Waited into the quiet hours (or a pause) while retrying.
            nudges.settle(userId, nudge.night(), PartnerNudgeStore.Status.DROPPED, outcomes.get(0).detail(), now);
        } else {
            nudges.settle(userId, nudge.night(), PartnerNudgeStore.Status.FAILED, outcomes.get(0).detail(), now);
        }
    }
}
