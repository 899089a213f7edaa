package app.openly.reminder.domain.delivery;

import app.openly.events.EventEnvelope;
import app.openly.events.ReminderDue;
import app.openly.reminder.config.DeliveryConfig;
import app.openly.reminder.domain.ReminderPreferences;
import app.openly.reminder.domain.delivery.logic.Backoff;
import app.openly.reminder.domain.delivery.logic.PushEndpointPolicy;
import app.openly.reminder.domain.delivery.logic.SendTimeRules;
import app.openly.reminder.domain.logic.Messages;
import app.openly.reminder.domain.logic.Preferences;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Delivers one due reminder to every Web Push subscription of the person, exactly once per (event, subscription):
 * the ledger is claimed before and settled after each send. Transient failures (no answer, 429, 5xx) are retried
 * with exponential backoff and jitter, honouring {@code Retry-After}; 404/410 deletes the subscription; after the
 * last attempt the failure is recorded and counted. Quiet hours, pause and the daily cap are checked again before
 * every attempt. The notification carries only the template message and a link.
 */
@ApplicationScoped
public class ReminderDelivery {

    private static final Logger LOG = Logger.getLogger(ReminderDelivery.class);
    private static final SecureRandom JITTER = new SecureRandom();

    /** What one delivery attempt to one target came to (also what POST /test answers per target). */
    public record TargetOutcome(Channel channel, String target, DeliveryLedger.Status status, int attempts, String detail) {
    }

    @Inject
    DeliveryConfig config;
    @Inject
    WebPushSubscriptions subscriptions;
    @Inject
    WebPushSender sender;
    @Inject
    DeliveryLedger ledger;
    @Inject
    DeliveryMetrics metrics;
    @Inject
    NotificationRouting routing;
    @Inject
    ReminderPreferences reminders;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper mapper;

    private PushEndpointPolicy endpoints;
    private Backoff backoff;

    @PostConstruct
    void init() {
        endpoints = new PushEndpointPolicy(config.pushHosts(), config.insecureOrigins().orElse(List.of()));
        backoff = new Backoff(config.delivery().backoffBase(), config.delivery().backoffMax());
    }

    public PushEndpointPolicy endpoints() {
        return endpoints;
    }

    /** Delivers a {@code reminders.due} event; anything else on the topic is not ours to deliver. */
    public List<TargetOutcome> deliver(EventEnvelope event) {
        if (!(event.payload() instanceof ReminderDue due)) {
            return List.of();
        }
        String userId = event.userId();
        if (!ledger.stillScheduled(userId, due.reminderId())) {
            // Erased person (or a reminder re-planned away): nothing to deliver, and no row written about them.
            return List.of();
        }
        Optional<String> refusal = sendTimeRefusal(userId, event.eventId());
        if (refusal.isPresent()) {
            if (ledger.recordOnce(event.eventId(), userId, due.reminderId(), due.dueAt(), DeliveryLedger.Status.DROPPED, refusal.get(), clock.instant())) {
                metrics.dropped(refusal.get());
            }
            return List.of(new TargetOutcome(null, DeliveryLedger.NO_TARGET, DeliveryLedger.Status.DROPPED, 0, refusal.get()));
        }
        List<WebPushSubscriptions.Subscription> targets = routing.allows(userId, NotificationKind.REMINDERS, Channel.WEB_PUSH)
                ? subscriptions.of(userId) : List.of();
        if (targets.isEmpty()) {
            if (ledger.recordOnce(event.eventId(), userId, due.reminderId(), due.dueAt(), DeliveryLedger.Status.NOT_DELIVERED,
                    "no active channel", clock.instant())) {
                metrics.failed(DeliveryLedger.NO_CHANNEL);
            }
            return List.of(new TargetOutcome(null, DeliveryLedger.NO_TARGET, DeliveryLedger.Status.NOT_DELIVERED, 0, "no active channel"));
        }
        String payload = payload("reminder", safeMessage(due), due.reminderId());
        String topic = topic(due);
        return targets.stream().map(s -> deliverTo(event, due, s, payload, topic)).toList();
    }

    private TargetOutcome deliverTo(EventEnvelope event, ReminderDue due, WebPushSubscriptions.Subscription s, String payload, String topic) {
        String target = s.id().toString();
        if (!ledger.claim(event.eventId(), Channel.WEB_PUSH, target, event.userId(), due.reminderId(), due.dueAt(), clock.instant())) {
            metrics.duplicate(Channel.WEB_PUSH.name());
            return new TargetOutcome(Channel.WEB_PUSH, target, DeliveryLedger.Status.SENT, 0, "already settled");
        }
        int attempt = 0;
        while (true) {
            attempt++;
            if (attempt > 1) {
                // Time passed while waiting: the person's wishes may forbid sending now.
                Optional<String> refusal = sendTimeRefusal(event.userId(), event.eventId());
                if (refusal.isPresent()) {
                    metrics.dropped(refusal.get());
                    return settle(event, target, DeliveryLedger.Status.DROPPED, attempt - 1, refusal.get());
                }
            }
            Optional<String> notAllowed = endpoints.refusal(s.endpoint());
            if (notAllowed.isPresent()) {
                // Configuration changed since registration: the endpoint is no longer trusted.
                metrics.failed(Channel.WEB_PUSH.name());
                return settle(event, target, DeliveryLedger.Status.FAILED, attempt - 1, "endpoint " + notAllowed.get());
            }
            WebPushSender.Result result = sender.send(s, payload, topic, WebPushSender.Urgency.NORMAL);
            if (result.accepted()) {
                metrics.sent(Channel.WEB_PUSH.name(), Duration.between(due.dueAt(), clock.instant()));
                return settle(event, target, DeliveryLedger.Status.SENT, attempt, null);
            }
            if (result.gone()) {
                subscriptions.prune(s.id());
                metrics.pruned(Channel.WEB_PUSH.name());
                return settle(event, target, DeliveryLedger.Status.PRUNED, attempt, "push service answered " + result.status());
            }
            String failure = result.status() == 0 ? result.error() : "push service answered " + result.status();
            if (!result.transientFailure() || attempt >= config.delivery().maxAttempts()) {
                metrics.failed(Channel.WEB_PUSH.name());
                LOG.infof("web push for event %s to subscription %s not delivered after %d attempt(s): %s", event.eventId(), target, attempt, failure);
                return settle(event, target, DeliveryLedger.Status.FAILED, attempt, failure);
            }
            Duration wait = backoff.delay(attempt, JITTER::nextDouble);
            if (result.retryAfter().isPresent()) {
                if (result.retryAfter().get().compareTo(config.delivery().retryAfterMax()) > 0) {
                    metrics.failed(Channel.WEB_PUSH.name());
                    return settle(event, target, DeliveryLedger.Status.FAILED, attempt, failure + ", Retry-After beyond " + config.delivery().retryAfterMax());
                }
                wait = result.retryAfter().get().compareTo(wait) > 0 ? result.retryAfter().get() : wait;
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // Left SENDING: the redelivered event claims it again.
                throw new IllegalStateException("interrupted while waiting to retry", e);
            }
        }
    }

    /** Sends "this is how your reminders will look" once to every Web Push subscription (no retries, no ledger). */
    public List<TargetOutcome> sendTest(String userId) {
        String payload = payload("test", "This is how your reminders will look: gentle, and only when you want them.", null);
        return subscriptions.of(userId).stream().map(s -> {
            Optional<String> notAllowed = endpoints.refusal(s.endpoint());
            if (notAllowed.isPresent()) {
                return new TargetOutcome(Channel.WEB_PUSH, s.id().toString(), DeliveryLedger.Status.FAILED, 0, "endpoint " + notAllowed.get());
            }
            WebPushSender.Result r = sender.send(s, payload, "openly-test", WebPushSender.Urgency.HIGH);
            if (r.accepted()) {
                metrics.sent(Channel.WEB_PUSH.name(), null);
                return new TargetOutcome(Channel.WEB_PUSH, s.id().toString(), DeliveryLedger.Status.SENT, 1, null);
            }
            if (r.gone()) {
                subscriptions.prune(s.id());
                metrics.pruned(Channel.WEB_PUSH.name());
                return new TargetOutcome(Channel.WEB_PUSH, s.id().toString(), DeliveryLedger.Status.PRUNED, 1, "push service answered " + r.status());
            }
            metrics.failed(Channel.WEB_PUSH.name());
            return new TargetOutcome(Channel.WEB_PUSH, s.id().toString(), DeliveryLedger.Status.FAILED, 1,
                    r.status() == 0 ? r.error() : "push service answered " + r.status());
        }).toList();
    }

    private TargetOutcome settle(EventEnvelope event, String target, DeliveryLedger.Status status, int attempts, String detail) {
        ledger.settle(event.eventId(), Channel.WEB_PUSH, target, status, attempts, detail, clock.instant());
        return new TargetOutcome(Channel.WEB_PUSH, target, status, attempts, detail);
    }

    private Optional<String> sendTimeRefusal(String userId, UUID eventId) {
        Preferences prefs = reminders.preferencesOf(userId).preferences();
        Instant now = clock.instant();
        LocalDate today = now.atZone(prefs.zone()).toLocalDate();
        int sentToday = ledger.remindersSent(userId, today.atStartOfDay(prefs.zone()).toInstant(),
                today.plusDays(1).atStartOfDay(prefs.zone()).toInstant(), eventId);
        return SendTimeRules.refusal(prefs, now, sentToday);
    }

    /** Lock-screen safe: only one of the service's own templates ever goes out, whatever the event carries. */
    public static String safeMessage(ReminderDue due) {
        return Messages.all().contains(due.message()) ? due.message() : Messages.message(due.practice());
    }

    /** One Topic per practice: a newer reminder of the same practice replaces an unread older one on the device. */
    static String topic(ReminderDue due) {
        return ("reminder-" + due.practice().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** What the service worker shows: a title, the template message and a link into the app. Never entry text or themes. */
    public String payload(String kind, String message, UUID reminderId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", kind);
        p.put("title", "Openly");
        p.put("body", message);
        p.put("url", reminderId == null ? config.appUrl() : config.appUrl() + "?reminder=" + reminderId);
        if (reminderId != null) {
            p.put("reminderId", reminderId.toString());
        }
        try {
            return mapper.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
